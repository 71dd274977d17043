#include "notices/notices.hpp"

#include <gtest/gtest.h>
#include <png.h>
#include <zbar.h>

#include <algorithm>

#include <boost/json.hpp>

#include "core/error.hpp"
#include "notices/notice_html.hpp"
#include "notices/notice_service.hpp"
#include "notices/qr.hpp"
#include "testing/api_fixture.hpp"
#include "testing/test_database.hpp"
#include "testing/errors.hpp"

namespace anxin::notices {
namespace {

constexpr std::string_view kPhoneContext = "registry_project_staff.phone";
constexpr std::int64_t kNow = 1772413200000;  // 2026-03-02T09:00+08:00

// Registry rows written directly, so these tests do not depend on the project service's rules.
class Seed {
  public:
    explicit Seed(storage::Database& db) : db_(db) {}

    void Regions() {
        Exec(
            "INSERT INTO region_division (code, name, level, parent_code) VALUES "
            "('37', '山东省', 1, NULL), ('3701', '济南市', 2, '37'), ('370102', '历下区', 3, '3701'), "
            "('370102001', '解放路街道', 4, '370102'), ('3702', '青岛市', 2, '37'), ('370202', '市南区', 3, '3702')");
    }
    void Department(const std::string& id, const std::string& region, const std::string& kind, const std::string& name,
                    std::optional<std::string> phone) {
        auto tx = db_.Begin();
        tx.Execute(
            "INSERT INTO region_department (id, region_code, kind, name, phone, created_at, updated_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $6)",
            {id, region, kind, name, phone, kNow});
        tx.Commit();
    }
    void Enterprise(const std::string& id, const std::string& name, const std::string& kind) {
        auto tx = db_.Begin();
        tx.Execute(
            "INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, region_code, kind, "
            "created_at, updated_at) VALUES ($1, $2, 1, $3, '370102', $4, $5, $5)",
            {id, "CC" + id, name, kind, kNow});
        tx.Commit();
    }
    void Project(const std::string& id, const std::string& region, const std::string& industry,
                 const std::string& token, bool construction = true) {
        auto tx = db_.Begin();
        tx.Execute(
            "INSERT INTO registry_project (id, code, name, region_code, address, industry, is_construction, "
            "investment_type, status, status_on, public_token, created_at, updated_at) VALUES "
            "($1, $2, $3, $4, '济南市历下区解放路 1 号', $5, $6, 'private', 'under_construction', '2026-01-05', $7, "
            "$8, $8)",
            {id, "CODE-" + id, "安心花园" + id + "期", region, industry, construction, token, kNow});
        tx.Commit();
    }
    void Participant(const std::string& project, const std::string& enterprise, const std::string& role,
                     std::optional<std::string> left_on = std::nullopt) {
        auto tx = db_.Begin();
        tx.Execute(
            "INSERT INTO registry_participant (project_id, enterprise_id, role_code, joined_on, left_on, created_at) "
            "VALUES ($1, $2, $3, '2026-01-05', $4, $5)",
            {project, enterprise, role, left_on, kNow});
        tx.Commit();
    }
    void Staff(const std::string& project, const std::string& duty, const std::string& name,
               std::optional<std::string> phone_enc, std::optional<std::string> phone_mask) {
        auto tx = db_.Begin();
        tx.Execute(
            "INSERT INTO registry_project_staff (project_id, duty, name, phone_enc, phone_mask, updated_at) "
            "VALUES ($1, $2, $3, $4, $5, $6)",
            {project, duty, name, phone_enc, phone_mask, kNow});
        tx.Commit();
    }
    // A project with every board item: P1 in 解放路街道, housing, units, officer with phone.
    void CompleteProject(const core::FieldCipher& cipher) {
        Enterprise("E-CU", "济南城建置业有限公司", "construction_unit");
        Enterprise("E-GC", "山东安心建工集团有限公司", "general_contractor");
        Enterprise("E-LS", "历下劳务有限公司", "labor_subcontractor");
        Enterprise("E-PS", "泉城机电安装有限公司", "professional_subcontractor");
        Enterprise("E-OLD", "已退场劳务有限公司", "labor_subcontractor");
        Project("P1", "370102001", "housing", "TOKEN-P1");
        Participant("P1", "E-CU", "008");
        Participant("P1", "E-GC", "009");
        Participant("P1", "E-LS", "006");
        Participant("P1", "E-PS", "001");
        Participant("P1", "E-OLD", "006", "2026-02-01");
        Staff("P1", "labor_affairs_officer", "王劳资", cipher.Seal("13800001111", kPhoneContext), "138****1111");
        Staff("P1", "project_manager", "李经理", std::nullopt, std::nullopt);
        Department("D-CITY", "3701", "housing", "济南市住房和城乡建设局", "0531-11111111");
        Department("D-COUNTY", "370102", "housing", "历下区住房和城乡建设局", "0531-22222222");
        Department("D-HRSS", "370102", "hrss", "历下区人力资源和社会保障局", "0531-33333333");
    }

  private:
    void Exec(const std::string& sql) {
        auto tx = db_.Begin();
        tx.Execute(sql);
        tx.Commit();
    }
    storage::Database& db_;
};

core::CallContext SupervisorIn(const std::string& region_code) {
    core::CallContext ctx;
    ctx.principal.user_id = "u-" + region_code;
    ctx.principal.username = "officer" + region_code;
    ctx.principal.role = "supervisor";
    ctx.principal.region_code = region_code;
    ctx.request_id = "req-test";
    return ctx;
}

using ::anxin::testing::ErrorOf;

std::string ValueOf(const NoticeBoard& board, std::string_view key) {
    const BoardItem* item = board.Find(key);
    if (!item) {
        ADD_FAILURE() << "no item " << key;
        return {};
    }
    return item->value;
}

bool Missing(const NoticeBoard& board, std::string_view text) {
    return std::find(board.missing.begin(), board.missing.end(), text) != board.missing.end();
}

class NoticeServiceTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override { seed_.Regions(); }

    storage::Database& db() { return test_db_.db(); }

    anxin::testing::TestDatabase test_db_{GetParam()};
    Seed seed_{test_db_.db()};
    core::FieldCipher cipher_{core::DataKey::Generate()};
    region::RegionService regions_{test_db_.db(), test_db_.clock()};
    region::ParameterService parameters_{test_db_.db(), test_db_.clock()};
    NoticeService service_{test_db_.db(), regions_, parameters_, &cipher_, "https://anxin.example.cn/"};
    core::CallContext platform_ = core::SystemContext("req-admin");
};

TEST_P(NoticeServiceTest, CompleteBoardHasEveryItemAndNothingMissing) {
    seed_.CompleteProject(cipher_);
    parameters_.Set(platform_, "37", "minimum_wage.monthly_fen", "230000");
    parameters_.Set(platform_, "370102", "wage.pay_by_day_next_month", "15");

    NoticeBoard board = service_.GetBoard(SupervisorIn("3701"), "P1");
    EXPECT_TRUE(board.missing.empty()) << board.missing.front();
    EXPECT_EQ(board.items.size(), 12u);
    for (const auto& item : board.items) EXPECT_TRUE(item.present) << item.key;

    EXPECT_EQ(board.project_name, "安心花园P1期");
    EXPECT_EQ(board.public_url, "https://anxin.example.cn/h5/p/TOKEN-P1");
    EXPECT_EQ(ValueOf(board, kConstructionUnit), "济南城建置业有限公司");
    EXPECT_EQ(ValueOf(board, kGeneralContractor), "山东安心建工集团有限公司");
    EXPECT_EQ(ValueOf(board, kProjectDepartment), "山东安心建工集团有限公司 安心花园P1期项目部（项目经理：李经理）");
    EXPECT_EQ(ValueOf(board, kSubcontractors), "泉城机电安装有限公司、历下劳务有限公司");  // not the one that left
    // The nearest housing department up the tree: the county's, not the city's nor the county's 人社.
    EXPECT_EQ(ValueOf(board, kIndustryRegulator), "历下区住房和城乡建设局");
    EXPECT_EQ(ValueOf(board, kIndustryHotline), "0531-22222222");
    // REG 34: the officer's phone is printed in full.
    EXPECT_EQ(ValueOf(board, kLaborAffairsOfficer), "王劳资 13800001111");
    EXPECT_EQ(ValueOf(board, kMinimumWage), "2300 元/月");
    EXPECT_EQ(ValueOf(board, kPayDate), "每月 15 日前支付上月工资");
    EXPECT_EQ(ValueOf(board, kLaborInspectionHotline), "12333");
    EXPECT_EQ(ValueOf(board, kLegalAidHotline), "12348");
    EXPECT_FALSE(ValueOf(board, kArbitration).empty());

    // A region's industry hotline parameter wins over the department's office phone.
    parameters_.Set(platform_, "3701", "notice.hotline_industry", "0531-12319");
    parameters_.Set(platform_, "37", "notice.hotline_labor_inspection", "0531-12333");
    board = service_.GetBoard(SupervisorIn("3701"), "P1");
    EXPECT_EQ(ValueOf(board, kIndustryHotline), "0531-12319");
    EXPECT_EQ(ValueOf(board, kLaborInspectionHotline), "0531-12333");
    EXPECT_EQ(ValueOf(board, kPayDate), "每月 15 日前支付上月工资");
}

TEST_P(NoticeServiceTest, BareProjectListsWhatIsMissing) {
    seed_.Project("P2", "370102001", "municipal", "TOKEN-P2");
    parameters_.Set(platform_, "", "notice.arbitration", "");

    NoticeBoard board = service_.GetBoard(SupervisorIn("37"), "P2");
    for (std::string_view text : {"建设单位未登记", "施工总承包单位未登记", "分包单位未登记", "行业主管部门未登记",
                                  "劳资专管员未登记", "行业主管部门投诉电话未设置", "劳动争议仲裁渠道未设置"}) {
        EXPECT_TRUE(Missing(board, text)) << text;
    }
    EXPECT_EQ(board.missing.size(), 7u);
    EXPECT_FALSE(board.Find(kLaborAffairsOfficer)->present);
    EXPECT_EQ(board.Find(kLaborAffairsOfficer)->value, "");
    // Defaults still fill the parameters.
    EXPECT_EQ(ValueOf(board, kMinimumWage), "2200 元/月");
    EXPECT_EQ(ValueOf(board, kPayDate), "次月月底前支付上月工资");

    // Municipal works fall to 人社; an officer without a phone is reported.
    seed_.Department("D-HRSS", "370102", "hrss", "历下区人力资源和社会保障局", "0531-33333333");
    seed_.Staff("P2", "labor_affairs_officer", "赵专管", std::nullopt, std::nullopt);
    board = service_.GetBoard(SupervisorIn("37"), "P2");
    EXPECT_EQ(ValueOf(board, kIndustryRegulator), "历下区人力资源和社会保障局");
    EXPECT_EQ(ValueOf(board, kIndustryHotline), "0531-33333333");
    EXPECT_EQ(ValueOf(board, kLaborAffairsOfficer), "赵专管");
    EXPECT_TRUE(Missing(board, "劳资专管员联系电话未登记"));
    EXPECT_FALSE(Missing(board, "劳资专管员未登记"));
    EXPECT_FALSE(Missing(board, "行业主管部门未登记"));

    // A service contract (环卫) without subcontractors is not missing any.
    seed_.Project("P3", "370102001", "sanitation", "TOKEN-P3", /*construction=*/false);
    EXPECT_FALSE(Missing(service_.GetBoard(SupervisorIn("37"), "P3"), "分包单位未登记"));
}

TEST_P(NoticeServiceTest, ScopeAndPublicToken) {
    seed_.CompleteProject(cipher_);
    EXPECT_EQ(ErrorOf([&] { service_.GetBoard(SupervisorIn("3702"), "P1"); }).code(), ErrorCode::kNotFound);
    EXPECT_EQ(ErrorOf([&] { service_.GetBoard(SupervisorIn("37"), "NOPE"); }).code(), ErrorCode::kNotFound);
    EXPECT_EQ(ErrorOf([&] { service_.ProjectUrl(SupervisorIn("3702"), "P1"); }).code(), ErrorCode::kNotFound);
    EXPECT_EQ(service_.ProjectUrl(SupervisorIn("370102"), "P1"), "https://anxin.example.cn/h5/p/TOKEN-P1");

    NoticeBoard board = service_.GetPublicBoard("TOKEN-P1");
    EXPECT_EQ(board.project_id, "P1");
    EXPECT_EQ(ValueOf(board, kLaborAffairsOfficer), "王劳资 13800001111");
    EXPECT_EQ(ErrorOf([&] { service_.GetPublicBoard("TOKEN-NONE"); }).code(), ErrorCode::kNotFound);
    EXPECT_EQ(ErrorOf([&] { service_.GetPublicBoard(""); }).code(), ErrorCode::kNotFound);
}

TEST_P(NoticeServiceTest, WithoutACipherTheMaskedPhoneIsShown) {
    seed_.CompleteProject(cipher_);
    NoticeService no_key{db(), regions_, parameters_, nullptr, "http://127.0.0.1:8080"};
    EXPECT_EQ(ValueOf(no_key.GetBoard(SupervisorIn("37"), "P1"), kLaborAffairsOfficer), "王劳资 138****1111");
}

INSTANTIATE_TEST_SUITE_P(Backends, NoticeServiceTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

TEST(NoticeHtmlTest, EscapesTextAndEmbedsTheQr) {
    BoardFacts facts;
    facts.project_name = "<script>alert(1)</script>";
    facts.general_contractor = "A&B 建工";
    facts.public_url = "http://127.0.0.1:8080/h5/p/T";
    NoticeBoard board = BuildBoard(facts);
    std::string svg = RenderQrSvg(EncodeQr(board.public_url));
    std::string html = RenderBoardHtml(board, svg);
    EXPECT_NE(html.find("维权信息告示牌"), std::string::npos);
    EXPECT_NE(html.find("@page { size: A4"), std::string::npos);
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
    EXPECT_NE(html.find("A&amp;B 建工"), std::string::npos);
    EXPECT_NE(html.find(svg), std::string::npos);
    EXPECT_EQ(RegulatorKind("water"), "water");
    EXPECT_EQ(RegulatorKind("energy"), "hrss");
    EXPECT_EQ(MinimumWageText(220050), "2200.50 元/月");
}

// ---- API -------------------------------------------------------------------------------------------

class NoticeApiTest : public anxin::testing::ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        SeedRegions();  // 37, 3701, 370102, 370102001, 370103, 370103001, 3702, 370202
        Seed(app().db()).CompleteProject(app().cipher());
    }
};

TEST_P(NoticeApiTest, BoardQrAndHtmlInScopeNotFoundOutside) {
    std::string inside = LoginAs("jinan", "supervisor", "3701");
    std::string outside = LoginAs("qingdao", "supervisor", "3702");

    auto board = client().Get("/api/v1/projects/P1/notice-board", inside);
    ASSERT_EQ(board.status, 200u) << board.body;
    EXPECT_EQ(board.json.at("projectId").as_string(), "P1");
    EXPECT_EQ(board.json.at("publicUrl").as_string(), "http://127.0.0.1:8080/h5/p/TOKEN-P1");
    EXPECT_TRUE(board.json.at("missing").as_array().empty()) << board.body;
    EXPECT_EQ(board.json.at("items").as_array().size(), 12u);

    for (std::string_view suffix : {"notice-board", "notice-board.html", "qr.svg", "qr.png"}) {
        auto response = client().Get("/api/v1/projects/P1/" + std::string(suffix), outside);
        EXPECT_EQ(response.status, 404u) << suffix;
        EXPECT_EQ(client().Get("/api/v1/projects/NOPE/" + std::string(suffix), inside).status, 404u) << suffix;
        EXPECT_EQ(client().Get("/api/v1/projects/P1/" + std::string(suffix)).status, 401u) << suffix;
    }

    auto svg = client().Get("/api/v1/projects/P1/qr.svg", inside);
    ASSERT_EQ(svg.status, 200u);
    EXPECT_EQ(svg.Header("Content-Type").rfind("image/svg+xml", 0), 0u);
    EXPECT_EQ(svg.body, RenderQrSvg(EncodeQr("http://127.0.0.1:8080/h5/p/TOKEN-P1")));

    auto png = client().Get("/api/v1/projects/P1/qr.png?size=4&depth=8", inside);
    ASSERT_EQ(png.status, 200u);
    EXPECT_EQ(png.Header("Content-Type"), "image/png");
    EXPECT_EQ(png.body, RenderQrPng(EncodeQr("http://127.0.0.1:8080/h5/p/TOKEN-P1"), PngOptions{4, 8}));
    EXPECT_EQ(client().Get("/api/v1/projects/P1/qr.png?size=100", inside).status, 400u);
    EXPECT_EQ(client().Get("/api/v1/projects/P1/qr.png?depth=x", inside).status, 400u);

    auto html = client().Get("/api/v1/projects/P1/notice-board.html", inside);
    ASSERT_EQ(html.status, 200u);
    EXPECT_EQ(html.Header("Content-Type").rfind("text/html", 0), 0u);
    EXPECT_NE(html.body.find("维权信息告示牌"), std::string::npos);
    EXPECT_NE(html.body.find("王劳资 13800001111"), std::string::npos);
    EXPECT_NE(html.body.find("<svg"), std::string::npos);

    // Industry officers see their industry only; enterprise users the projects they take part in.
    EXPECT_EQ(client().Get("/api/v1/projects/P1/notice-board", LoginAs("housing1", "industry-officer", "37")).status,
              200u);
    EXPECT_EQ(
        client().Get("/api/v1/projects/P1/notice-board", LoginAs("water1", "industry-officer", "37", "water")).status,
        404u);
    EXPECT_EQ(
        client().Get("/api/v1/projects/P1/notice-board", LoginAs("gc-user", "enterprise-user", "", "E-GC")).status,
        200u);
}

TEST_P(NoticeApiTest, PublicTokenRouteNeedsNoLoginAndHidesInternals) {
    auto response = client().Get("/api/v1/public/projects/TOKEN-P1");
    ASSERT_EQ(response.status, 200u) << response.body;
    const auto& body = response.json.as_object();
    EXPECT_EQ(body.at("projectName").as_string(), "安心花园P1期");
    EXPECT_FALSE(body.contains("projectId"));
    EXPECT_FALSE(body.contains("missing"));
    EXPECT_FALSE(body.contains("regionCode"));
    bool officer = false;
    for (const auto& item : body.at("items").as_array()) {
        if (item.at("key").as_string() == kLaborAffairsOfficer) {
            officer = true;
            EXPECT_EQ(item.at("value").as_string(), "王劳资 13800001111");
        }
    }
    EXPECT_TRUE(officer);
    EXPECT_EQ(client().Get("/api/v1/public/projects/TOKEN-NONE").status, 404u);
}

// The photo of the board on site: the general contractor (or a supervisor in scope) uploads an image
// of this project and names it; the board shows it to staff, never on the public page.
TEST_P(NoticeApiTest, TheBoardPhotoIsAnImageOfTheProjectFromTheGeneralContractor) {
    const std::string gc = LoginAs("gcuser", "enterprise-user", "", "E-GC");
    const std::string sub = LoginAs("subuser", "enterprise-user", "", "E-LS");
    const std::string qingdao = LoginAs("qingdao", "supervisor", "3702");
    const std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + "board";
    auto upload = [&](const std::string& token, const std::string& query, const std::string& name, const std::string& bytes) {
        return client().Post("/api/v1/files?" + query, std::string_view(bytes), token, {{"X-File-Name", name}});
    };
    auto put = [&](const std::string& token, const std::string& file_id) {
        return client().Request("PUT", "/api/v1/projects/P1/notice-board/photo",
                                boost::json::serialize(boost::json::value{{"fileId", file_id}}),
                                {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
    };
    auto photo = upload(gc, "purpose=notice_photo&projectId=P1", "board.png", png);
    ASSERT_EQ(photo.status, 201u) << photo.body;
    const std::string photo_id(photo.json.at("id").as_string());
    auto pdf = upload(gc, "purpose=notice_photo&projectId=P1", "board.pdf", "%PDF-1.4 x");
    auto loose = upload(gc, "purpose=notice_photo", "loose.png", png);

    EXPECT_EQ(put(gc, std::string(pdf.json.at("id").as_string())).status, 400u);    // not an image
    EXPECT_EQ(put(gc, std::string(loose.json.at("id").as_string())).status, 400u);  // not of this project
    EXPECT_EQ(put(sub, photo_id).status, 403u);                                      // a subcontractor
    EXPECT_EQ(put(qingdao, photo_id).status, 404u);                                  // out of scope
    EXPECT_EQ(put(gc, "01NOSUCHFILE").status, 404u);
    auto set = put(gc, photo_id);
    ASSERT_EQ(set.status, 200u) << set.body;
    EXPECT_EQ(set.json.at("photo").at("fileName").as_string(), "board.png");
    EXPECT_EQ(set.json.at("photo").at("uploadedBy").as_string(), "gcuser");
    auto board = client().Get("/api/v1/projects/P1/notice-board", LoginAs("jinan", "supervisor", "3701"));
    EXPECT_EQ(board.json.at("photo").at("fileId").as_string(), photo_id);
    EXPECT_EQ(client().Get("/api/v1/public/projects/TOKEN-P1").body.find(photo_id), std::string::npos);
}

// What a worker's phone reads from the printed board: a real QR decoder (zbar) on the PNG the
// console prints from, which must point at the configured public address, never at 127.0.0.1.
std::string DecodeQr(const std::string& png) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, png.data(), png.size())) return "";
    image.format = PNG_FORMAT_GRAY;
    std::vector<png_byte> gray(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, gray.data(), 0, nullptr)) return "";
    zbar::ImageScanner scanner;
    scanner.set_config(zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
    zbar::Image frame(image.width, image.height, "Y800", gray.data(), gray.size());
    scanner.scan(frame);
    for (auto symbol = frame.symbol_begin(); symbol != frame.symbol_end(); ++symbol) return symbol->get_data();
    return "";
}

class NoticePublicUrlTest : public NoticeApiTest {
  protected:
    void Configure(app::Config& config) const override { config.public_base_url = "https://anxin.jinan.gov.cn/"; }
};

TEST_P(NoticePublicUrlTest, ThePrintedQrCodeOpensTheConfiguredPublicAddress) {
    const std::string jinan = LoginAs("jinan", "supervisor", "3701");
    auto png = client().Get("/api/v1/projects/P1/qr.png?size=6&depth=8", jinan);
    ASSERT_EQ(png.status, 200u);
    EXPECT_EQ(DecodeQr(png.body), "https://anxin.jinan.gov.cn/h5/p/TOKEN-P1");
    auto board = client().Get("/api/v1/projects/P1/notice-board.html", jinan);
    ASSERT_EQ(board.status, 200u);
    EXPECT_EQ(board.body.find("127.0.0.1"), std::string::npos);  // the printed board's QR is drawn from the same URL
    EXPECT_EQ(client().Get("/api/v1/projects/P1/notice-board", jinan).json.at("publicUrl").as_string(),
              "https://anxin.jinan.gov.cn/h5/p/TOKEN-P1");
}

INSTANTIATE_TEST_SUITE_P(Backends, NoticePublicUrlTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         [](const auto& info) { return info.param; });

INSTANTIATE_TEST_SUITE_P(Backends, NoticeApiTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::notices
