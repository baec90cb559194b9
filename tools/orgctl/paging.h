#pragma once

// Paged listings: the page a command asked for, or with --all every page after it.

#include <string>

namespace orgctl {

// Calls `fetch(request, &response)` for the page `request` names and, when `all_pages`, for every
// following page, handing each response to `each`. Returns the token of the first page not
// fetched: "" when there is none or every page was fetched.
template <typename Response, typename Request, typename Fetch, typename Each>
std::string FetchPages(Request request, bool all_pages, Fetch fetch, Each each) {
  while (true) {
    Response response;
    fetch(request, &response);
    each(response);
    std::string next = response.next_page_token();
    // Guard against a server returning the token it was given: that would never end.
    if (!all_pages || next.empty() || next == request.page_token()) {
      return all_pages ? "" : next;
    }
    request.set_page_token(next);
  }
}

}  // namespace orgctl
