#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/validation.hpp"
#include "identity/identity.hpp"

namespace anxin::identity {
namespace {

boost::json::object UserJson(const User& u, core::Timestamp now) {
    boost::json::object o{
        {"id", u.id},
        {"username", u.username},
        {"displayName", u.display_name},
        {"role", u.role},
        {"regionCode", u.region_code},
        {"industry", u.industry},
        {"enterpriseId", u.enterprise_id},
        {"bankCode", u.bank_code},
        {"status", u.status},
        {"locked", u.locked_until.has_value() && *u.locked_until > now},
        {"mustChangePassword", u.must_change_password},
        {"totpEnabled", u.totp_enabled},
        {"createdAt", core::FormatTimestamp(u.created_at)},
    };
    if (u.locked_until && *u.locked_until > now) o["lockedUntil"] = core::FormatTimestamp(*u.locked_until);
    if (u.attacked_at) o["attackedAt"] = core::FormatTimestamp(*u.attacked_at);
    return o;
}

// The {"code": "123456"} body of the second-factor routes.
std::string ReadCode(const http::Request& request) {
    auto body = http::ParseJsonBody(request);
    core::JsonReader in(body);
    auto code = in.RequiredString("code", 10);
    in.Finish();
    return code;
}

boost::json::array PermissionsJson(std::string_view role) {
    boost::json::array out;
    for (auto p : PermissionsOf(role)) out.emplace_back(std::string(p));
    return out;
}

}  // namespace

void RegisterIdentityRoutes(http::Router& router, IdentityService& service, QrRenderer render_qr_svg) {
    using http::Method;
    auto now = [&service] { return service.clock().Now(); };

    router.Add(Method::kPost, "/api/v1/auth/login", http::kPublic, [&service](http::Request& request) {
        auto body = http::ParseJsonBody(request);
        core::JsonReader in(body);
        auto username = in.RequiredString("username", 32);
        auto password = in.RequiredString("password", 128);
        auto otp = in.OptionalString("otp", 20).value_or("");
        in.Finish();
        auto result = service.Login(username, password, request.request_id, request.remote_address, otp);
        auto user = UserJson(result.user, service.clock().Now());
        user["totpRequired"] = service.options().require_admin_totp && IsAdministratorRole(result.user.role) &&
                               !result.user.totp_enabled;
        return http::JsonResponse(200, boost::json::object{
                                           {"token", result.token},
                                           {"expiresAt", core::FormatTimestamp(result.expires_at)},
                                           {"idleTimeoutMinutes", service.options().idle_timeout.count()},
                                           {"user", std::move(user)},
                                           {"permissions", PermissionsJson(result.user.role)},
                                       });
    });

    router.Add(Method::kPost, "/api/v1/auth/logout", kAuthenticated, [&service](http::Request& request) {
        service.Logout(request.Context());
        return http::NoContent();
    });

    router.Add(Method::kGet, "/api/v1/auth/me", kAuthenticated, [&service, now](http::Request& request) {
        auto ctx = request.Context();
        auto user = service.GetUser(ctx, ctx.principal.user_id);
        auto json = UserJson(user, now());
        // What the server will refuse until done: the console sends the user to the security page.
        json["totpRequired"] = ctx.principal.second_factor_required;
        return http::JsonResponse(200, boost::json::object{{"user", std::move(json)},
                                                           {"permissions", PermissionsJson(user.role)}});
    });

    router.Add(Method::kGet, "/api/v1/auth/totp", kAuthenticated, [&service](http::Request& request) {
        auto status = service.GetTotp(request.Context());
        return http::JsonResponse(200, boost::json::object{{"enabled", status.enabled},
                                                           {"required", status.required},
                                                           {"recoveryCodesLeft", status.recovery_codes_left}});
    });

    router.Add(Method::kPost, "/api/v1/auth/totp/enrolment", kAuthenticated,
               [&service, render_qr_svg](http::Request& request) {
                   auto enrolment = service.BeginTotp(request.Context());
                   boost::json::object body{{"secret", enrolment.secret_base32},
                                            {"otpauthUri", enrolment.otpauth_uri}};
                   if (render_qr_svg) body["qrSvg"] = render_qr_svg(enrolment.otpauth_uri);
                   auto response = http::JsonResponse(201, body);
                   response.headers.emplace_back("Cache-Control", "no-store");
                   return response;
               });

    router.Add(Method::kPost, "/api/v1/auth/totp/activation", kAuthenticated, [&service](http::Request& request) {
        boost::json::array codes;
        for (const auto& c : service.ActivateTotp(request.Context(), ReadCode(request))) codes.emplace_back(c);
        auto response = http::JsonResponse(200, boost::json::object{{"recoveryCodes", std::move(codes)}});
        response.headers.emplace_back("Cache-Control", "no-store");
        return response;
    });

    router.Add(Method::kPost, "/api/v1/auth/totp/disable", kAuthenticated, [&service](http::Request& request) {
        service.DisableTotp(request.Context(), ReadCode(request));
        return http::NoContent();
    });

    router.Add(Method::kPost, "/api/v1/users/{userId}/totp-reset", "user.security",
               [&service, now](http::Request& request) {
                   return http::JsonResponse(200,
                                             UserJson(service.ResetTotp(request.Context(), request.PathParam("userId")), now()));
               });

    router.Add(Method::kPost, "/api/v1/auth/password", kAuthenticated, [&service](http::Request& request) {
        auto body = http::ParseJsonBody(request);
        core::JsonReader in(body);
        auto old_password = in.RequiredString("oldPassword", 128);
        auto new_password = in.RequiredString("newPassword", 128);
        in.Finish();
        service.ChangePassword(request.Context(), old_password, new_password);
        return http::NoContent();
    });

    // The staff directory for pickers (领导包案): staff whose scope covers a region in the caller's.
    router.Add(Method::kGet, "/api/v1/staff", "staff.read", [&service](http::Request& request) {
        const auto ctx = request.Context();
        const std::string covering = request.Query("covering").value_or(ctx.principal.region_code);
        if (covering.size() > 12 || covering.find_first_not_of("0123456789") != std::string::npos)
            ThrowInvalidField("covering", "应为行政区划代码（数字，不超过 12 位）");
        if (!ctx.principal.CoversRegion(covering)) ThrowNotFound("行政区划");
        const std::string q = request.Query("q").value_or("");
        if (q.size() > 50 || core::HasControlCharacters(q)) ThrowInvalidField("q", "应为不超过 50 字节的文字");
        boost::json::array items;
        for (const auto& s : service.Staff(covering, q)) {
            items.push_back(boost::json::object{{"id", s.id},
                                         {"username", s.username},
                                         {"displayName", s.display_name},
                                         {"role", s.role},
                                         {"regionCode", s.region_code},
                                         {"industry", s.industry}});
        }
        return http::JsonResponse(200, boost::json::object{{"items", std::move(items)}});
    });

    router.Add(Method::kGet, "/api/v1/users", "user.read", [&service, now](http::Request& request) {
        auto page = http::ParsePage(request);
        UserFilter filter;
        if (auto role = request.Query("role"); role && !role->empty()) {
            if (!IsKnownRole(*role)) ThrowInvalidField("role", "未知角色");
            filter.role = role;
        }
        if (auto region = request.Query("regionCode"); region && !region->empty()) filter.region_code = region;
        if (auto q = request.Query("username"); q && !q->empty()) filter.username_prefix = q;
        auto [users, total] = service.ListUsers(request.Context(), filter, page);
        boost::json::array items;
        auto t = now();
        for (const auto& u : users) items.push_back(UserJson(u, t));
        return http::JsonResponse(200, http::PagedBody(std::move(items), total, page));
    });

    router.Add(Method::kPost, "/api/v1/users", "user.write", [&service, now](http::Request& request) {
        auto body = http::ParseJsonBody(request);
        core::JsonReader in(body);
        NewUser input;
        input.username = in.RequiredString("username", 32);
        input.display_name = in.RequiredString("displayName", 50);
        input.password = in.RequiredString("password", 128);
        input.role = in.RequiredEnum("role", {"supervisor", "industry-officer", "enterprise-user", "bank-operator",
                                              "system-admin", "security-admin", "audit-admin"});
        input.region_code = in.OptionalString("regionCode", 12).value_or("");
        input.industry = in.OptionalString("industry", 32).value_or("");
        input.enterprise_id = in.OptionalString("enterpriseId", 64).value_or("");
        input.bank_code = in.OptionalString("bankCode", 32).value_or("");
        in.Finish();
        auto user = service.CreateUser(request.Context(), input);
        return http::JsonResponse(201, UserJson(user, now()));
    });

    router.Add(Method::kGet, "/api/v1/users/{userId}", "user.read", [&service, now](http::Request& request) {
        return http::JsonResponse(200, UserJson(service.GetUser(request.Context(), request.PathParam("userId")), now()));
    });

    router.Add(Method::kPatch, "/api/v1/users/{userId}", "user.write", [&service, now](http::Request& request) {
        auto body = http::ParseJsonBody(request);
        core::JsonReader in(body);
        UserPatch patch;
        patch.display_name = in.OptionalString("displayName", 50);
        patch.region_code = in.OptionalString("regionCode", 12);
        patch.industry = in.OptionalString("industry", 32);
        patch.enterprise_id = in.OptionalString("enterpriseId", 64);
        patch.bank_code = in.OptionalString("bankCode", 32);
        patch.status = in.OptionalEnum("status", {"active", "disabled"});
        in.Finish();
        auto user = service.UpdateUser(request.Context(), request.PathParam("userId"), patch);
        return http::JsonResponse(200, UserJson(user, now()));
    });

    router.Add(Method::kPost, "/api/v1/users/{userId}/unlock", "user.security", [&service, now](http::Request& request) {
        return http::JsonResponse(200, UserJson(service.Unlock(request.Context(), request.PathParam("userId")), now()));
    });

    router.Add(Method::kPost, "/api/v1/users/{userId}/role", "user.security", [&service, now](http::Request& request) {
        auto body = http::ParseJsonBody(request);
        core::JsonReader in(body);
        RoleChange change;
        change.role = in.RequiredEnum("role", {"supervisor", "industry-officer", "enterprise-user", "bank-operator",
                                               "system-admin", "security-admin", "audit-admin"});
        change.industry = in.OptionalString("industry", 32).value_or("");
        change.enterprise_id = in.OptionalString("enterpriseId", 64).value_or("");
        change.bank_code = in.OptionalString("bankCode", 32).value_or("");
        in.Finish();
        auto user = service.SetRole(request.Context(), request.PathParam("userId"), change);
        return http::JsonResponse(200, UserJson(user, now()));
    });

    router.Add(Method::kPost, "/api/v1/users/{userId}/password-reset", "user.security",
               [&service, now](http::Request& request) {
                   auto body = http::ParseJsonBody(request);
                   core::JsonReader in(body);
                   auto password = in.RequiredString("newPassword", 128);
                   in.Finish();
                   auto user = service.ResetPassword(request.Context(), request.PathParam("userId"), password);
                   return http::JsonResponse(200, UserJson(user, now()));
               });
}

}  // namespace anxin::identity
