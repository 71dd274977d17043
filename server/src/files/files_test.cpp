// The file store through the API on both backends: what is accepted (by the bytes), how it is
// served (attachment, sniffed type, nosniff, sandbox), who may read it (project scope, enterprise,
// personal documents), and that every upload and download is audited.
#include "files/files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "testing/api_fixture.hpp"
#include "testing/test_database.hpp"
#include "registry/worker_test_support.hpp"

namespace anxin::files {
namespace {

using anxin::testing::Headers;

const std::string kPng = std::string("\x89PNG\r\n\x1A\n", 8) + std::string("\0\0\0\rIHDR fake but typed", 22);
const std::string kPdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

class FileApiTest : public anxin::testing::ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        registry::testing::SeedRegistry(app().db());  // P1 in 历下区 (GC E1), P2 in 市南区 (GC E3)
        jinan_ = LoginAs("jinan", "supervisor", "3701");
    }
    anxin::testing::Response Upload(const std::string& token, const std::string& query, const std::string& name,
                                    const std::string& bytes) {
        std::string encoded;
        static constexpr char kHex[] = "0123456789ABCDEF";
        for (unsigned char c : name) {
            encoded += '%';
            encoded += kHex[c >> 4];
            encoded += kHex[c & 15];
        }
        return client().Post("/api/v1/files?" + query, std::string_view(bytes), token,
                             Headers{{"Content-Type", "application/octet-stream"}, {"X-File-Name", encoded}});
    }
    std::int64_t AuditCount(const std::string& action, const std::string& id) {
        auto tx = app().db().Begin(storage::TxMode::kRead);
        return tx.QueryOne("SELECT COUNT(*) FROM audit_event WHERE action = $1 AND entity = 'file' AND entity_id = $2",
                           {action, id})
            .Int(0);
    }
    std::string jinan_;
};

TEST_P(FileApiTest, UploadsAndDownloadsTheSameBytesAsAnAttachmentWithTheSniffedType) {
    auto up = Upload(jinan_, "purpose=case_attachment&projectId=P1", "C:\\fakepath\\现场照片.png", kPng);
    ASSERT_EQ(up.status, 201u) << up.body;
    const std::string id(up.json.at("id").as_string());
    EXPECT_EQ(up.json.at("fileName").as_string(), "现场照片.png");  // the client's path is dropped
    EXPECT_EQ(up.json.at("contentType").as_string(), "image/png");
    EXPECT_EQ(up.json.at("purposeLabel").as_string(), "案件附件");
    EXPECT_EQ(up.json.at("size").as_int64(), static_cast<std::int64_t>(kPng.size()));

    auto meta = client().Get("/api/v1/files/" + id, jinan_);
    ASSERT_EQ(meta.status, 200u) << meta.body;
    EXPECT_EQ(meta.json.at("uploadedBy").as_string(), "jinan");

    auto down = client().Get("/api/v1/files/" + id + "/content", jinan_);
    ASSERT_EQ(down.status, 200u) << down.body;
    EXPECT_EQ(down.body, kPng);
    EXPECT_EQ(down.Header("Content-Type"), "image/png");
    EXPECT_EQ(down.Header("X-Content-Type-Options"), "nosniff");
    EXPECT_NE(down.Header("Content-Security-Policy").find("sandbox"), std::string::npos);
    EXPECT_EQ(down.Header("Content-Disposition").rfind("attachment;", 0), 0u);
    EXPECT_NE(down.Header("Content-Disposition").find("filename*=UTF-8''%E7%8E%B0"), std::string::npos);

    EXPECT_EQ(AuditCount("upload", id), 1);
    EXPECT_EQ(AuditCount("download", id), 1);
    client().Get("/api/v1/files/" + id + "/content", jinan_);
    EXPECT_EQ(AuditCount("download", id), 2);  // every download, not the first only
}

TEST_P(FileApiTest, RefusesWhatIsNotTheTypeItClaimsAndNamesTheField) {
    auto html = Upload(jinan_, "purpose=case_attachment", "photo.png", "<html><script>alert(1)</script></html>");
    EXPECT_EQ(html.status, 400u) << html.body;
    EXPECT_TRUE(html.json.at("error").at("fields").as_object().contains("file")) << html.body;
    // A real PDF under an image's name, a Windows program, a zip that is no Office document.
    EXPECT_EQ(Upload(jinan_, "purpose=other", "scan.jpg", kPdf).status, 400u);
    EXPECT_EQ(Upload(jinan_, "purpose=other", "tool.exe", "MZ\x90\x00\x03").status, 400u);
    EXPECT_EQ(Upload(jinan_, "purpose=other", "a.docx", std::string("PK\x03\x04", 4) + "evil.sh").status, 400u);
    EXPECT_EQ(Upload(jinan_, "purpose=other", "empty.pdf", "").status, 400u);
    auto purpose = Upload(jinan_, "purpose=selfie", "scan.pdf", kPdf);
    EXPECT_EQ(purpose.status, 400u);
    EXPECT_TRUE(purpose.json.at("error").at("fields").as_object().contains("purpose")) << purpose.body;
    auto name = Upload(jinan_, "purpose=other", "a\x01.pdf", kPdf);
    EXPECT_TRUE(name.json.at("error").at("fields").as_object().contains("fileName")) << name.body;
    EXPECT_EQ(Upload(jinan_, "purpose=other&personal=maybe", "scan.pdf", kPdf).status, 400u);
    // Nothing half-written: no row and no bytes for any refusal.
    auto tx = app().db().Begin(storage::TxMode::kRead);
    EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM files_file").Int(0), 0);
}

TEST_P(FileApiTest, ScopeFollowsTheProjectTheRegionAndTheEnterprise) {
    const std::string qingdao = LoginAs("qingdao", "supervisor", "3702");
    const std::string gc = LoginAs("gcuser", "enterprise-user", "", "E1");
    const std::string other = LoginAs("other", "enterprise-user", "", "E3");

    // A project out of the caller's scope cannot be named on upload (the side door).
    EXPECT_EQ(Upload(qingdao, "purpose=other&projectId=P1", "a.pdf", kPdf).status, 404u);

    auto of_project = Upload(gc, "purpose=account_agreement&projectId=P1", "三方协议.pdf", kPdf);
    ASSERT_EQ(of_project.status, 201u) << of_project.body;
    const std::string project_file(of_project.json.at("id").as_string());
    EXPECT_EQ(client().Get("/api/v1/files/" + project_file + "/content", jinan_).status, 200u);  // region of P1
    EXPECT_EQ(client().Get("/api/v1/files/" + project_file + "/content", qingdao).status, 404u);
    EXPECT_EQ(client().Get("/api/v1/files/" + project_file, other).status, 404u);

    auto staff_file = Upload(jinan_, "purpose=other", "通报.pdf", kPdf);
    const std::string staff_id(staff_file.json.at("id").as_string());
    EXPECT_EQ(client().Get("/api/v1/files/" + staff_id, qingdao).status, 404u);
    EXPECT_EQ(client().Get("/api/v1/files/" + staff_id, gc).status, 404u);
    EXPECT_EQ(client().Get("/api/v1/files/NOPE/content", jinan_).status, 404u);
    EXPECT_EQ(client().Get("/api/v1/files/" + staff_id + "/content").status, 401u);
    const std::string bank = LoginAs("bank", "bank-operator");
    EXPECT_EQ(client().Get("/api/v1/files/" + staff_id, bank).status, 403u);
}

TEST_P(FileApiTest, PersonalDocumentsOnlyToRolesThatMaySeePersonalData) {
    const std::string officer = LoginAs("housing", "industry-officer", "3701");
    auto up = Upload(jinan_, "purpose=case_attachment&projectId=P1&personal=true", "身份证复印件.jpg",
                     std::string("\xFF\xD8\xFF\xE0", 4) + "JFIF");
    ASSERT_EQ(up.status, 201u) << up.body;
    const std::string id(up.json.at("id").as_string());
    EXPECT_TRUE(up.json.at("personal").as_bool());
    EXPECT_EQ(client().Get("/api/v1/files/" + id, officer).status, 200u);  // that it exists, and its name
    auto refused = client().Get("/api/v1/files/" + id + "/content", officer);
    EXPECT_EQ(refused.status, 403u) << refused.body;
    EXPECT_EQ(AuditCount("download", id), 0);
    EXPECT_EQ(client().Get("/api/v1/files/" + id + "/content", jinan_).status, 200u);
}

TEST_P(FileApiTest, BytesChangedOnDiskAreNotServed) {
    auto up = Upload(jinan_, "purpose=other", "a.pdf", kPdf);
    const std::string id(up.json.at("id").as_string());
    std::filesystem::path path;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(app().files().options().directory))
        if (entry.path().filename() == id) path = entry.path();
    ASSERT_FALSE(path.empty());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << "%PDF-1.4 swapped";
    EXPECT_EQ(client().Get("/api/v1/files/" + id + "/content", jinan_).status, 503u);
}

TEST_P(FileApiTest, FilesOverTheLimitAreRefused) {
    FileService small(app().db(), clock(), StoreOptions{app().files().options().directory, 64});
    try {
        small.Store(anxin::testing::As("supervisor", {.region = "3701"}),
                    anxin::files::Upload{"big.pdf", "other", false, std::nullopt, kPdf + std::string(64, ' ')});
        FAIL() << "stored a file over the limit";
    } catch (const Error& e) {
        EXPECT_TRUE(e.fields().contains("file"));
    }
}

TEST(SniffContentTypeTest, DecidesByTheBytesAndTheExtensionMustAgree) {
    EXPECT_EQ(SniffContentType(kPng, "a.PNG"), "image/png");
    EXPECT_EQ(SniffContentType(kPng, "a.jpg"), std::nullopt);
    EXPECT_EQ(SniffContentType(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16), "a.webp"), "image/webp");
    EXPECT_EQ(SniffContentType(kPdf, "a.pdf"), "application/pdf");
    EXPECT_EQ(SniffContentType("GIF89a", "a.gif"), std::nullopt);
    EXPECT_EQ(SniffContentType(std::string("PK\x03\x04", 4) + "[Content_Types].xml", "a.xlsx"),
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_EQ(SniffContentType(std::string("PK\x03\x04", 4) + "[Content_Types].xml", "a.zip"), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(Backends, FileApiTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace anxin::files
