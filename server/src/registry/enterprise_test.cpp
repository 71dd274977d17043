// EnterpriseService on both backends: credit-code validation (malformed → 400, bad check character
// → stored with a warning flag), uniqueness, phone encryption and masking, scope and audit.
#include <gtest/gtest.h>

#include "audit/audit.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/identifiers.hpp"
#include "registry/enterprise_service.hpp"
#include "registry/enterprises.hpp"
#include "registry/projects.hpp"
#include "testing/test_database.hpp"
#include "testing/errors.hpp"
#include "testing/principals.hpp"
#include "testing/fixtures.hpp"

namespace anxin::registry {
namespace {

using ::anxin::testing::ErrorOf;

// extra: the industry of an industry officer, the enterprise of an enterprise user.
core::CallContext As(const std::string& role, const std::string& region, const std::string& extra = "") {
    return ::anxin::testing::As(role, {.region = region,
                                       .enterprise = role == "enterprise-user" ? extra : "",
                                       .industry = role == "industry-officer" ? extra : ""});
}

void SeedDivisions(storage::Database& db) { ::anxin::testing::SeedTestDivisions(db); }

const std::string kCodeA = core::MakeCreditCode("91370102MA3C00001");
const std::string kCodeB = core::MakeCreditCode("91370103MA3C00002");
const std::string kCodeC = core::MakeCreditCode("91370102MA3C00003");

// The same code with a wrong (but well-formed) check character.
std::string WrongCheck(std::string code) {
    code.back() = code.back() == '0' ? '1' : '0';
    return code;
}

class EnterpriseServiceTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override { SeedDivisions(db()); }
    storage::Database& db() { return test_db_.db(); }
    std::int64_t Count(const std::string& table) {
        auto tx = db().Begin(storage::TxMode::kRead);
        return tx.QueryOne("SELECT COUNT(*) FROM " + table).Int(0);
    }
    std::int64_t AuditEvents() { return audit::VerifyAuditChain(db()).events_checked; }
    NewEnterprise Input(const std::string& code, const std::string& region = "370102",
                        const std::string& kind = "general_contractor") {
        NewEnterprise e;
        e.credit_code = code;
        e.name = "山东建工集团 " + (code.size() > 12 ? code.substr(12) : code);
        e.legal_representative = "张三";
        e.region_code = region;
        e.kind = kind;
        e.contact_name = "李四";
        e.contact_phone = "13812345678";
        return e;
    }

    anxin::testing::TestDatabase test_db_{GetParam()};
    core::FieldCipher cipher_{core::DataKey::Generate()};
    EnterpriseService service_{test_db_.db(), test_db_.clock(), &cipher_};
    core::CallContext county_ = As("supervisor", "370102");
};

TEST_P(EnterpriseServiceTest, CreatesWithMaskedEncryptedPhoneAndAudits) {
    const auto audit_before = AuditEvents();
    NewEnterprise input = Input(" " + std::string(kCodeA.begin(), kCodeA.end()) + " ");
    for (auto& c : input.credit_code) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    Enterprise e = service_.Create(county_, input);
    EXPECT_EQ(e.credit_code, kCodeA);  // trimmed and upper-cased
    EXPECT_TRUE(e.credit_code_valid);
    EXPECT_EQ(e.contact_phone_mask, "138****5678");
    ASSERT_TRUE(e.contact_phone_enc);
    EXPECT_EQ(e.contact_phone_enc->find("13812345678"), std::string::npos);
    EXPECT_EQ(cipher_.Open(*e.contact_phone_enc, "registry_enterprise.contact_phone"), "13812345678");
    EXPECT_EQ(AuditEvents(), audit_before + 1);

    // Stored encrypted: the clear number is nowhere in the row.
    auto tx = db().Begin(storage::TxMode::kRead);
    auto row =
        tx.QueryOne("SELECT contact_phone_enc, contact_phone_mask FROM registry_enterprise WHERE id = $1", {e.id});
    EXPECT_EQ(row.Text(0).find("13812345678"), std::string::npos);
    EXPECT_EQ(row.Text(1), "138****5678");
}

TEST_P(EnterpriseServiceTest, WrongCheckCharacterIsAWarningNotARejection) {
    Enterprise e = service_.Create(county_, Input(WrongCheck(kCodeA)));
    EXPECT_FALSE(e.credit_code_valid);
    EXPECT_EQ(service_.Get(county_, e.id).credit_code_valid, false);
}

TEST_P(EnterpriseServiceTest, MalformedInputNamesEveryFieldAndWritesNothing) {
    const auto audit_before = AuditEvents();
    NewEnterprise bad = Input("91370102MA3C0000");  // 16 characters
    bad.name = " ";
    bad.kind = "bank";
    bad.region_code = "379999";
    bad.contact_phone = "12345";
    Error e = ErrorOf([&] { service_.Create(county_, bad); });
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    for (const char* field : {"creditCode", "name", "kind", "regionCode", "contactPhone"})
        EXPECT_TRUE(e.fields().contains(field)) << field;

    EXPECT_TRUE(ErrorOf([&] { service_.Create(county_, Input("91370102MA3C0000I1")); })  // I is not in the charset
                    .fields()
                    .contains("creditCode"));
    EXPECT_TRUE(ErrorOf([&] { service_.Create(county_, Input("")); }).fields().contains("creditCode"));
    NewEnterprise bad_phone = Input(kCodeA);
    bad_phone.contact_phone = "138123456789";  // 12 digits
    EXPECT_TRUE(ErrorOf([&] { service_.Create(county_, bad_phone); }).fields().contains("contactPhone"));
    EXPECT_EQ(Count("registry_enterprise"), 0);
    EXPECT_EQ(AuditEvents(), audit_before);

    NewEnterprise landline = Input(kCodeA);
    landline.contact_phone = "0531-86123456";
    EXPECT_EQ(service_.Create(county_, landline).contact_phone_mask, core::MaskPhone("0531-86123456"));
}

TEST_P(EnterpriseServiceTest, DuplicateCreditCodeIs409) {
    service_.Create(county_, Input(kCodeA));
    Error dup = ErrorOf([&] { service_.Create(county_, Input(kCodeA, "370102", "construction_unit")); });
    EXPECT_EQ(dup.code(), ErrorCode::kConflict);
    EXPECT_EQ(std::string(dup.what()), "该统一社会信用代码已登记");
    EXPECT_EQ(dup.fields().at("creditCode"), "该统一社会信用代码已登记");
    EXPECT_EQ(Count("registry_enterprise"), 1);
}

TEST_P(EnterpriseServiceTest, WhoMayCreate) {
    EXPECT_EQ(ErrorOf([&] { service_.Create(As("enterprise-user", "", "E1"), Input(kCodeA)); }).code(),
              ErrorCode::kForbidden);
    EXPECT_EQ(ErrorOf([&] { service_.Create(county_, Input(kCodeA, "370103")); }).code(), ErrorCode::kForbidden);
    EXPECT_EQ(service_.Create(As("industry-officer", "3701", "housing"), Input(kCodeA, "370103")).region_code,
              "370103");
    EXPECT_EQ(Count("registry_enterprise"), 1);
}

TEST_P(EnterpriseServiceTest, ScopeAndEnterpriseUsers) {
    Enterprise lixia = service_.Create(county_, Input(kCodeA, "370102"));
    Enterprise shizhong = service_.Create(As("supervisor", "370103"), Input(kCodeB, "370103"));
    Enterprise lixia2 = service_.Create(county_, Input(kCodeC, "370102001", "labor_subcontractor"));

    EXPECT_EQ(service_.List(county_, EnterpriseQuery{}).total, 2);
    EXPECT_EQ(ErrorOf([&] { service_.Get(county_, shizhong.id); }).code(), ErrorCode::kNotFound);
    EXPECT_EQ(service_.List(As("supervisor", "3701"), EnterpriseQuery{}).total, 3);

    // An enterprise of another county becomes visible once it works on a project in scope.
    ProjectService projects(db(), test_db_.clock(), &cipher_);
    NewProject np;
    np.fields.code = "P-1";
    np.fields.name = "历下项目";
    np.fields.region_code = "370102001";
    np.fields.industry = "housing";
    np.fields.investment_type = "private";
    Project p = projects.Create(county_, np);
    projects.SetParticipants(county_, p.id, {Participant{shizhong.id, "009", std::nullopt, std::nullopt, "", ""}});
    EXPECT_EQ(service_.Get(county_, shizhong.id).id, shizhong.id);
    EXPECT_EQ(service_.List(county_, EnterpriseQuery{}).total, 3);

    // Enterprise users: only their own, and may patch only it.
    auto own = As("enterprise-user", "", lixia.id);
    EnterprisePage mine = service_.List(own, EnterpriseQuery{});
    ASSERT_EQ(mine.total, 1);
    EXPECT_EQ(mine.items[0].id, lixia.id);
    EXPECT_EQ(ErrorOf([&] { service_.Get(own, lixia2.id); }).code(), ErrorCode::kNotFound);
    // A partner is found by its whole public credit code (to name it a participant), never by a part
    // of it or its name; and its record stays closed.
    EnterpriseQuery by_code;
    by_code.q = kCodeC;
    EnterprisePage partner = service_.List(own, by_code);
    ASSERT_EQ(partner.total, 1);
    EXPECT_EQ(partner.items[0].id, lixia2.id);
    by_code.q = std::string(kCodeC).substr(0, 17);
    EXPECT_EQ(service_.List(own, by_code).total, 0);
    by_code.q = lixia2.name;
    EXPECT_EQ(service_.List(own, by_code).total, 0);
    EnterprisePatch rename;
    rename.name = "山东建工集团有限公司";
    EXPECT_EQ(service_.Update(own, lixia.id, rename).name, "山东建工集团有限公司");
    EXPECT_EQ(ErrorOf([&] { service_.Update(own, lixia2.id, rename); }).code(), ErrorCode::kNotFound);
    EXPECT_NE(service_.Get(county_, lixia2.id).name, "山东建工集团有限公司");
}

TEST_P(EnterpriseServiceTest, ListFiltersByPrefixKindAndRegion) {
    service_.Create(county_, Input(kCodeA, "370102"));
    service_.Create(county_, Input(kCodeC, "370102001", "labor_subcontractor"));
    auto province = As("supervisor", "37");
    EnterpriseQuery q;
    q.q = kCodeA.substr(0, 10);
    EXPECT_EQ(service_.List(province, q).total, 2);  // both start 91370102MA
    q.q = kCodeC;
    EXPECT_EQ(service_.List(province, q).total, 1);
    q.q = "山东建工";
    EXPECT_EQ(service_.List(province, q).total, 2);
    q.q = "建工";  // a prefix, not a substring
    EXPECT_EQ(service_.List(province, q).total, 0);
    EnterpriseQuery kind;
    kind.kind = "labor_subcontractor";
    EXPECT_EQ(service_.List(province, kind).total, 1);
    EnterpriseQuery region;
    region.region_code = "370102001";
    EXPECT_EQ(service_.List(province, region).total, 1);
    EnterpriseQuery bad;
    bad.kind = "bank";
    EXPECT_TRUE(ErrorOf([&] { service_.List(province, bad); }).fields().contains("kind"));
}

TEST_P(EnterpriseServiceTest, UpdateChangesPhoneAndAuditsOnlyRealChanges) {
    Enterprise e = service_.Create(county_, Input(kCodeA));
    const auto audit_before = AuditEvents();
    EnterprisePatch patch;
    patch.contact_phone = "13900001111";
    Enterprise changed = service_.Update(county_, e.id, patch);
    EXPECT_EQ(changed.contact_phone_mask, "139****1111");
    EXPECT_EQ(AuditEvents(), audit_before + 1);
    service_.Update(county_, e.id, patch);  // same number: nothing written
    EXPECT_EQ(AuditEvents(), audit_before + 1);
    patch.contact_phone = "";
    EXPECT_EQ(service_.Update(county_, e.id, patch).contact_phone_mask, std::nullopt);
    EnterprisePatch bad;
    bad.kind = "bank";
    bad.region_code = "99";
    Error err = ErrorOf([&] { service_.Update(county_, e.id, bad); });
    EXPECT_TRUE(err.fields().contains("kind"));
    EXPECT_TRUE(err.fields().contains("regionCode"));
}

INSTANTIATE_TEST_SUITE_P(Backends, EnterpriseServiceTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::registry
