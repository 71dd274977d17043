// How the server reads one request off the wire, shared by server.cpp and request_fuzz.cpp so the
// fuzz target drives exactly the server's code: the Beast message turned into a Request (method,
// raw target, lower-cased headers, body), then the target split into the decoded path and query
// parameters, refused when they hold control characters or invalid UTF-8. Beast types: http/ only.
#pragma once

#include <optional>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/http.hpp"

namespace anxin::http::wire {

std::optional<Method> ToMethod(boost::beast::http::verb verb);

// The request's method (kGet when the verb is not one the server knows: `known` says so), target,
// headers and body; the body is moved out of `message`.
Request FromMessage(boost::beast::http::request<boost::beast::http::string_body>& message, bool& known);

// request.target → request.path and request.query. Throws Error(kInvalidArgument) naming "target",
// or the query parameter, when the target does not parse or holds control characters.
void SplitTarget(Request& request);

}  // namespace anxin::http::wire
