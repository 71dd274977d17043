#include "identity/audit.hpp"
