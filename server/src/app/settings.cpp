#include "app/settings.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <fstream>
#include <set>

#include "core/error.hpp"

namespace anxin::app {

const std::vector<SettingSpec>& Settings() {
    static const std::vector<SettingSpec> settings = {
        {"db", "ANXIN_DB", false, false},
        {"log-level", "ANXIN_LOG_LEVEL", false, false},
        {"log-format", "ANXIN_LOG_FORMAT", false, false},
        {"listen", "ANXIN_LISTEN", false, true},
        {"public-base-url", "ANXIN_PUBLIC_BASE_URL", false, true},
        {"key-file", "ANXIN_KEY_FILE", false, true},
        {"web-root", "ANXIN_WEB_ROOT", false, true},
        {"files-dir", "ANXIN_FILES_DIR", false, true},
        {"sms-provider", "ANXIN_SMS_PROVIDER", false, true},
        {"sms-gateway", "ANXIN_SMS_GATEWAY", true, true},  // its URL may carry the gateway's credentials
        {"sms-endpoint", "ANXIN_SMS_ENDPOINT", false, true},
        {"sms-access-key-id", "ANXIN_SMS_ACCESS_KEY_ID", false, true},
        {"sms-access-key-secret", "ANXIN_SMS_ACCESS_KEY_SECRET", true, true},
        {"sms-sign-name", "ANXIN_SMS_SIGN_NAME", false, true},
        {"sms-sdk-app-id", "ANXIN_SMS_SDK_APP_ID", false, true},
        {"sms-region", "ANXIN_SMS_REGION", false, true},
        {"sms-templates", "ANXIN_SMS_TEMPLATES", false, true},
        {"sms-ca-file", "ANXIN_SMS_CA_FILE", false, true},
        {"audit-checkpoints", "ANXIN_AUDIT_CHECKPOINTS", false, true},
        {"trusted-proxies", "ANXIN_TRUSTED_PROXIES", false, true},
        {"metrics-token", "ANXIN_METRICS_TOKEN", true, true},
        {"warnings-every", "ANXIN_WARNINGS_EVERY", false, true},
        {"body-limit-mib", "ANXIN_BODY_LIMIT_MIB", false, true},
        {"workers", "ANXIN_WORKERS", false, true},
        {"io-threads", "ANXIN_IO_THREADS", false, true},
    };
    return settings;
}

std::map<std::string, std::string> ReadSettingsFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error(ErrorCode::kInvalidArgument, "配置文件无法读取：" + path);
    std::vector<CLI::ConfigItem> items;
    try {
        items = CLI::ConfigTOML().from_config(in);
    } catch (const std::exception& e) {
        throw Error(ErrorCode::kInvalidArgument, "配置文件格式有误（" + path + "）：" + e.what());
    }
    std::set<std::string> known;
    for (const auto& s : Settings()) known.insert(s.key);
    std::map<std::string, std::string> out;
    Error::Fields unknown;
    for (const auto& item : items) {
        if (item.name == "++" || item.name == "--") continue;  // section markers
        const bool top = item.parents.empty();
        const bool serve = item.parents.size() == 1 && item.parents[0] == "serve";
        std::string key = item.name;
        for (auto& c : key)
            if (c == '_') c = '-';
        if ((!top && !serve) || !known.contains(key)) {
            std::string where;
            for (const auto& p : item.parents) where += p + ".";
            unknown[where + item.name] = "未知的设置项";
            continue;
        }
        std::string value;
        for (const auto& input : item.inputs) value += (value.empty() ? "" : ",") + input;
        out[key] = value;
    }
    if (!unknown.empty()) throw Error(ErrorCode::kInvalidArgument, "配置文件有未知的设置项：" + path, unknown);
    return out;
}

std::vector<EffectiveSetting> ResolveSettings(CLI::App& root, CLI::App& serve, const std::string& file_path,
                                              bool include_serve) {
    const auto file = file_path.empty() ? std::map<std::string, std::string>{} : ReadSettingsFile(file_path);
    std::vector<EffectiveSetting> out;
    for (const auto& spec : Settings()) {
        if (spec.serve && !include_serve) continue;
        CLI::Option* option = (spec.serve ? serve : root).get_option_no_throw("--" + spec.key);
        if (!option) continue;
        EffectiveSetting e{spec.key, "", "默认值", spec.secret};
        if (option->count() > 0) {
            e.source = "命令行";
        } else if (const char* env = std::getenv(spec.env.c_str()); env && *env) {
            option->clear();
            option->add_result(std::string(env));
            option->run_callback();
            e.source = "环境变量 " + spec.env;
        } else if (auto it = file.find(spec.key); it != file.end()) {
            option->clear();
            option->add_result(it->second);
            option->run_callback();
            e.source = "配置文件";
        }
        e.value = option->count() > 0 ? option->as<std::string>() : option->get_default_str();
        out.push_back(std::move(e));
    }
    return out;
}

std::string Shown(const EffectiveSetting& s) {
    if (s.value.empty()) return "（未设置）";
    if (s.secret) return "（已设置，已隐藏）";
    // A database URL's password.
    const auto scheme = s.value.find("://");
    const auto at = s.value.find('@');
    if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
        const auto colon = s.value.find(':', scheme + 3);
        if (colon != std::string::npos && colon < at) return s.value.substr(0, colon + 1) + "***" + s.value.substr(at);
    }
    return s.value;
}

}  // namespace anxin::app
