// Data every registry-side test starts from: a few real divisions of Shandong (two cities, three
// counties, two towns) — enough for scope by region prefix, other-city refusals and town-level codes.
#pragma once

#include "storage/database.hpp"

namespace anxin::testing {

inline void SeedTestDivisions(storage::Transaction& tx) {
    tx.ExecuteScript(R"sql(
INSERT INTO region_division (code, name, level, parent_code) VALUES ('37', '山东省', 1, NULL);
INSERT INTO region_division (code, name, level, parent_code) VALUES ('3701', '济南市', 2, '37');
INSERT INTO region_division (code, name, level, parent_code) VALUES ('370102', '历下区', 3, '3701');
INSERT INTO region_division (code, name, level, parent_code) VALUES ('370103', '市中区', 3, '3701');
INSERT INTO region_division (code, name, level, parent_code) VALUES ('370102001', '解放路街道', 4, '370102');
INSERT INTO region_division (code, name, level, parent_code) VALUES ('370103001', '大观园街道', 4, '370103');
INSERT INTO region_division (code, name, level, parent_code) VALUES ('3702', '青岛市', 2, '37');
INSERT INTO region_division (code, name, level, parent_code) VALUES ('370202', '市南区', 3, '3702');
)sql");
}

inline void SeedTestDivisions(storage::Database& db) {
    auto tx = db.Begin();
    SeedTestDivisions(tx);
    tx.Commit();
}

}  // namespace anxin::testing
