#!/usr/bin/env python3
"""Tests of check_module_reads.py: it passes on the tree as it is and fails on each kind of breach,
added deliberately to a copy of server/ (CMakeLists.txt, migrations, src)."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "..", "server")
CHECKER = os.path.join(HERE, "check_module_reads.py")


def run_checker(server_dir):
    result = subprocess.run([sys.executable, CHECKER, "--server", server_dir], capture_output=True, text=True)
    return result.returncode, result.stderr


class CheckModuleReadsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="anxin-check-reads-")
        self.server = os.path.join(self.tmp, "server")
        os.makedirs(self.server)
        shutil.copy(os.path.join(SERVER, "CMakeLists.txt"), self.server)
        shutil.copytree(os.path.join(SERVER, "migrations"), os.path.join(self.server, "migrations"))
        shutil.copytree(os.path.join(SERVER, "src"), os.path.join(self.server, "src"),
                        ignore=shutil.ignore_patterns("*_test.cpp", "*_fuzz.cpp"))

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def add_source(self, module, name, text):
        with open(os.path.join(self.server, "src", module, name), "w", encoding="utf-8") as fh:
            fh.write(text)

    def assert_fails_with(self, expected):
        code, stderr = run_checker(self.server)
        self.assertEqual(code, 1, stderr)
        self.assertIn(expected, stderr)

    def test_passes_on_the_tree_as_it_is(self):
        code, stderr = run_checker(self.server)
        self.assertEqual(code, 0, stderr)
        self.assertEqual(stderr, "")

    def test_a_read_of_a_module_not_linked_fails(self):
        # warnings must not read cases (cases links warnings): the data-level cycle of issue 12.
        self.add_source("warnings", "breach.cpp",
                        'const char* kSql = "SELECT COUNT(*) FROM cases_case WHERE closed_at IS NULL";\n')
        self.assert_fails_with("warnings/breach.cpp:1: reads cases_case of cases, which warnings does not link")

    def test_a_read_of_an_unpublished_table_fails(self):
        self.add_source("wages", "breach.cpp",
                        'const char* kSql = "SELECT worker_id FROM registry_punch WHERE project_id = $1";\n')
        self.assert_fails_with("wages/breach.cpp:1: reads registry_punch, which registry does not publish")

    def test_the_sealed_table_behind_a_published_view_is_not_readable(self):
        self.add_source("warnings", "breach.cpp",
                        'const char* kSql = "SELECT phone_enc FROM registry_worker WHERE id = $1";\n')
        self.assert_fails_with("reads registry_worker, which registry does not publish")

    def test_a_write_to_a_published_table_fails(self):
        self.add_source("notices", "breach.cpp",
                        'const char* kSql = "UPDATE registry_project SET status = $2 WHERE id = $1";\n')
        self.assert_fails_with("notices/breach.cpp: writes registry_project, a table of registry")

    def test_a_copied_key_context_fails(self):
        self.add_source("clues", "breach.cpp",
                        'constexpr const char* kContext = "registry_enterprise.contact_phone";\n')
        self.assert_fails_with("clues/breach.cpp:1: reads registry_enterprise")

    def test_another_modules_context_constant_fails(self):
        self.add_source("wages", "breach.cpp", "auto plain = cipher.Open(sealed, registry::kBankCardContext);\n")
        self.assert_fails_with("wages/breach.cpp: names a key context of registry")

    def test_a_name_in_a_comment_is_not_a_read(self):
        self.add_source("warnings", "comment.cpp", "// once read cases_case directly; now ComplaintFacts\n"
                                                   "/* and clues_clue too */ int x = 1'000;\n")
        code, stderr = run_checker(self.server)
        self.assertEqual(code, 0, stderr)

    def test_publishing_a_table_of_another_module_fails(self):
        path = os.path.join(self.server, "src", "deposits", "published.hpp")
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text.replace('"deposits_use",', '"deposits_use", "wages_payroll",'))
        self.assert_fails_with("deposits/published.hpp: publishes wages_payroll, which is not a table or view of deposits")


if __name__ == "__main__":
    unittest.main(verbosity=1)
