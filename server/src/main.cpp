// anxin: parse the command line and run it. Everything else lives in app/.
#include "app/cli.hpp"

int main(int argc, char** argv) { return anxin::app::RunCli(argc, argv); }
