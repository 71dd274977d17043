#include "app/cli.hpp"

namespace anxin::app {

int RunCli(int, char**) { return 0; }  // placeholder until the app lands

}  // namespace anxin::app
