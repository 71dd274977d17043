// The settings of the platform from one place: a configuration file (TOML: /etc/anxin/anxin.toml, or
// --config / ANXIN_CONFIG), the environment (ANXIN_*) and the command line, in that order of
// strength — a flag beats the environment, which beats the file, which beats the default. Every
// setting a city's IT department sets is listed here once with its key, variable and whether it is
// secret; `anxin config check` prints the effective values and where each came from, secrets hidden.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace anxin::app {

struct SettingSpec {
    std::string key;     // in the file and as the flag (--key)
    std::string env;     // ANXIN_…
    bool secret = false; // never printed
    bool serve = true;   // a setting of `anxin serve` (else of every command)
};
const std::vector<SettingSpec>& Settings();

// The file's settings by key: top-level keys and those under [serve]. Throws Error(kInvalidArgument)
// naming an unknown key or an unreadable file.
std::map<std::string, std::string> ReadSettingsFile(const std::string& path);

struct EffectiveSetting {
    std::string key;
    std::string value;   // as given ("" when unset)
    std::string source;  // 命令行, 环境变量 ANXIN_…, 配置文件, 默认值
    bool secret = false;
};

// Fills every listed option the command line left unset from the environment, else from the file
// (`file_path` "" = none); returns each setting with its source. Options of `serve` are resolved only
// when `include_serve` (the server and `config check`).
std::vector<EffectiveSetting> ResolveSettings(CLI::App& root, CLI::App& serve, const std::string& file_path,
                                              bool include_serve);

// "postgresql://anxin:secret@db/anxin" → "postgresql://anxin:***@db/anxin"; a secret → "（已设置，已隐藏）".
std::string Shown(const EffectiveSetting& setting);

}  // namespace anxin::app
