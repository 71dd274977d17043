// JSON (camelCase) of the registry's enterprise/project half: response bodies through
// boost::json::value_from, and request bodies read through core::JsonReader (every field problem
// collected, then one kInvalidArgument). Phones never appear in clear: responses carry the masks.
#pragma once

#include <vector>

#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>

#include "registry/enterprises.hpp"
#include "registry/project_feed.hpp"
#include "registry/projects.hpp"

namespace anxin::registry {

// {"id","creditCode","creditCodeValid","creditCodeWarning"(null or text),"name","legalRepresentative",
//  "regionCode","kind","qualification","address","contactName","contactPhone"(mask),"createdAt","updatedAt"}
void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Enterprise& e);
// {"kind":"none"|"circle"|"polygon","radiusM","points":[[lng,lat],...]}
void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Fence& fence);
// Every ProjectFields member in camelCase plus "id","status","statusLabel","statusOn","publicToken",
// "constructionUnitId","generalContractorId","createdAt","updatedAt".
void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Project& p);
void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const StatusChange& c);
void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Participant& p);
void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Team& t);
// {"items":[{"duty","name","phone"(mask),"userId","updatedAt"}],"missing":[duty...],"complete":bool}
void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const StaffReport& r);
// {"created","updated","unchanged","failed","items":[...],"errors":[{"index","field","message"}]}
void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const FeedResult& r);

NewEnterprise ReadNewEnterprise(const boost::json::value& body);
// "contactPhone": null or "" clears the phone.
EnterprisePatch ReadEnterprisePatch(const boost::json::value& body);
NewProject ReadNewProject(const boost::json::value& body);
// Nullable members: null clears them.
ProjectPatch ReadProjectPatch(const boost::json::value& body);
StatusRequest ReadStatusRequest(const boost::json::value& body);
// {"participants":[{"enterpriseId","roleCode","joinedOn","leftOn"}]}
std::vector<Participant> ReadParticipants(const boost::json::value& body);
NewTeam ReadNewTeam(const boost::json::value& body);
// {"staff":[{"duty","name","phone","userId"}]}
std::vector<StaffInput> ReadStaff(const boost::json::value& body);

}  // namespace anxin::registry
