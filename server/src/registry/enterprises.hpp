// Enterprises of the registry as other modules see them: 建设单位, 总承包, 分包 and other employers,
// keyed by their 统一社会信用代码 (GB 32100). Other modules include this header (and projects.hpp),
// never the registry_enterprise table.
//
// Scope (who sees an enterprise): supervisors and industry officers see enterprises registered in
// their region and those participating in a project in their scope (registry::ProjectScopeFilter);
// enterprise users see only their own enterprise. Outside the scope reads as not found.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.hpp"
#include "core/principal.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::http {
class Router;
}

namespace anxin::registry {

inline constexpr std::array<std::string_view, 5> kEnterpriseKinds = {
    "construction_unit",           // 建设单位
    "general_contractor",          // 施工总承包
    "professional_subcontractor",  // 专业分包
    "labor_subcontractor",         // 劳务分包
    "other_employer",              // 其他用工单位 (环卫、服务外包 …)
};
bool IsEnterpriseKind(std::string_view kind);

struct Enterprise {
    std::string id;
    std::string credit_code;        // normalised: trimmed, upper case
    bool credit_code_valid = true;  // false: the GB 32100 check character fails (early pilot codes): a warning
    std::string name;
    std::string legal_representative;
    std::string region_code;  // registered region
    std::string kind;         // one of kEnterpriseKinds
    std::string qualification;
    std::string address;
    std::string contact_name;
    std::optional<std::string> contact_phone_enc;   // FieldCipher, context "registry_enterprise.contact_phone"
    std::optional<std::string> contact_phone_mask;  // 138****5678: what responses show
    core::Timestamp created_at;
    core::Timestamp updated_at;
};

struct NewEnterprise {
    std::string credit_code;
    std::string name;
    std::string legal_representative;
    std::string region_code;
    std::string kind;
    std::string qualification;
    std::string address;
    std::string contact_name;
    std::optional<std::string> contact_phone;  // plain; sealed by the service
};

// Absent fields are not changed; contact_phone = "" clears the phone. The credit code is the key
// and is not changed.
struct EnterprisePatch {
    std::optional<std::string> name;
    std::optional<std::string> legal_representative;
    std::optional<std::string> region_code;
    std::optional<std::string> kind;
    std::optional<std::string> qualification;
    std::optional<std::string> address;
    std::optional<std::string> contact_name;
    std::optional<std::string> contact_phone;
};

struct EnterpriseQuery {
    std::optional<std::string> q;  // name prefix or credit-code prefix
    std::optional<std::string> kind;
    std::optional<std::string> region_code;  // that region and below
    std::int64_t offset = 0;
    std::int64_t limit = 20;
};

struct EnterprisePage {
    std::vector<Enterprise> items;
    std::int64_t total = 0;
};

// Thread-safe: holds references to the database, clock and cipher, which must outlive it.
// Errors are anxin::Error with fields named as in the JSON API: kInvalidArgument (creditCode,
// name, regionCode, kind, contactPhone …), kConflict "该统一社会信用代码已登记" on creditCode,
// kForbidden when the caller may not create here, kNotFound for absent or out-of-scope ids.
// Every write is audited ("enterprise" events) in its transaction.
class EnterpriseService {
  public:
    // `cipher` may be null (an app without a data key): calls that seal or open a phone then throw
    // Error(kUnavailable); everything else works.
    EnterpriseService(storage::Database& db, const core::Clock& clock, const core::FieldCipher* cipher)
        : db_(db), clock_(clock), cipher_(cipher) {}

    // Supervisors and industry officers, within their region. Enterprise users: kForbidden.
    Enterprise Create(const core::CallContext& ctx, const NewEnterprise& input);
    EnterprisePage List(const core::CallContext& ctx, const EnterpriseQuery& query) const;
    Enterprise Get(const core::CallContext& ctx, std::string_view id) const;
    // Enterprise users may patch only their own enterprise.
    Enterprise Update(const core::CallContext& ctx, std::string_view id, const EnterprisePatch& patch);
    // The same rules inside the caller's write transaction (imports commit many rows in one); the
    // system principal (CLI) may create anywhere.
    Enterprise Create(storage::Transaction& tx, const core::CallContext& ctx, const NewEnterprise& input);
    Enterprise Update(storage::Transaction& tx, const core::CallContext& ctx, std::string_view id,
                      const EnterprisePatch& patch);

    // For other modules: whether the enterprise is visible to the caller, inside their transaction.
    static bool EnterpriseInScope(storage::Transaction& tx, const core::Principal& principal, std::string_view id);

  private:
    storage::Database& db_;
    const core::Clock& clock_;
    const core::FieldCipher& Cipher() const;

    const core::FieldCipher* cipher_;
};

// Routes (enterprise_routes.cpp):
//   POST  /api/v1/enterprises                  enterprise.write  201
//   GET   /api/v1/enterprises                  enterprise.read   paged; ?q=&kind=&regionCode=
//   GET   /api/v1/enterprises/{enterpriseId}   enterprise.read
//   PATCH /api/v1/enterprises/{enterpriseId}   enterprise.write
// The service must outlive the router.
void RegisterEnterpriseRoutes(http::Router& router, EnterpriseService& service);

}  // namespace anxin::registry
