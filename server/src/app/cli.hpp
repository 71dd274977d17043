// The `anxin` command line (CLI11): serve, migrate, user add, regions import, audit verify.
#pragma once

namespace anxin::app {

int RunCli(int argc, char** argv);

}  // namespace anxin::app
