// Test fixtures for the worker/contract/attendance tests: a small registry inserted straight into
// the 0003 tables (two projects, three enterprises, two teams), principals of each role, and
// synthetic ID numbers of working age.
#pragma once

#include <string>

#include "core/identifiers.hpp"
#include "core/principal.hpp"
#include "storage/database.hpp"
#include "testing/principals.hpp"
#include "testing/fixtures.hpp"

namespace anxin::registry::testing {

// Project P1 (code XM-001, 历下区, contract start 2026-01-01, circle fence 500 m around
// 117.000/36.650): GC E1 (009), labor subcontractor E2 (006); teams T1 (E2), T2 (E1).
// Project P2 (code XM-002, 市南区 Qingdao, start 2026-02-01, no fence): GC E3.
inline void SeedRegistry(storage::Database& db) {
    auto tx = db.Begin();
    ::anxin::testing::SeedTestDivisions(tx);
    tx.ExecuteScript(R"sql(
INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, region_code, kind, created_at, updated_at)
  VALUES ('E1', '91370100MA0000001A', 1, '总包一公司', '370102', 'general_contractor', 0, 0);
INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, region_code, kind, created_at, updated_at)
  VALUES ('E2', '91370100MA0000002A', 1, '劳务二公司', '370102', 'labor_subcontractor', 0, 0);
INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, region_code, kind, created_at, updated_at)
  VALUES ('E3', '91370200MA0000003A', 1, '青岛三公司', '370202', 'general_contractor', 0, 0);
INSERT INTO registry_project (id, code, name, region_code, lng, lat, fence_kind, fence_radius_m, industry,
  investment_type, contract_start_on, status, status_on, public_token, general_contractor_id, created_at, updated_at)
  VALUES ('P1', 'XM-001', '历下安置房', '370102', 117.0, 36.65, 'circle', 500, 'housing', 'government',
  '2026-01-01', 'under_construction', '2026-01-01', 'tok-p1', 'E1', 0, 0);
INSERT INTO registry_project (id, code, name, region_code, fence_kind, industry, investment_type,
  contract_start_on, status, status_on, public_token, general_contractor_id, created_at, updated_at)
  VALUES ('P2', 'XM-002', '市南道路', '370202', 'none', 'municipal', 'state_owned',
  '2026-02-01', 'under_construction', '2026-02-01', 'tok-p2', 'E3', 0, 0);
INSERT INTO registry_participant (project_id, enterprise_id, role_code, created_at) VALUES ('P1', 'E1', '009', 0);
INSERT INTO registry_participant (project_id, enterprise_id, role_code, created_at) VALUES ('P1', 'E2', '006', 0);
INSERT INTO registry_participant (project_id, enterprise_id, role_code, created_at) VALUES ('P2', 'E3', '009', 0);
INSERT INTO registry_team (id, project_id, enterprise_id, name, created_at) VALUES ('T1', 'P1', 'E2', '钢筋班', 0);
INSERT INTO registry_team (id, project_id, enterprise_id, name, created_at) VALUES ('T2', 'P1', 'E1', '管理组', 0);
)sql");
    tx.Commit();
}

inline core::CallContext Ctx(const std::string& role, const std::string& region = "", const std::string& enterprise = "") {
    return ::anxin::testing::As(role, {.region = region, .enterprise = enterprise});
}
using ::anxin::testing::EnterpriseUser;
using ::anxin::testing::Supervisor;

// A valid ID number of someone born on `birth` (sequence odd → male).
inline std::string IdNumber(core::Date birth, int sequence = 901) {
    return core::MakeIdNumber("370102", birth, sequence);
}

}  // namespace anxin::registry::testing
