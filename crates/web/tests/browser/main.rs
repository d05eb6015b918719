//! Browser end-to-end tests: real headless Chromium (Debian's `chromium` + `chromium-driver`)
//! driving the web application over the demo world, through the pages a user sees — and each
//! flow also checks in the database that what the browser showed was really stored.
//!
//! One Chromium session serves all flows, run in order by one test (the record flow reads
//! what the consultee flow wrote). Without chromium/chromedriver the test prints
//! "skipped: …" and passes, unless `YIJIAN_REQUIRE_BROWSER=1` (CI) makes that a failure.
//! Screenshots: `<target>/browser-screenshots/*.png` (the path is printed; run with
//! `-- --nocapture` to see it).

#[path = "../support/mod.rs"]
mod support;

mod consultee;
mod drafting;
mod harness;
mod public;
mod record;

#[test]
fn browser_flows() {
    let Some(browser) = harness::Browser::start() else {
        return;
    };
    let comment = browser.step(
        "consultee comments on a paragraph and submits",
        consultee::comment_and_submit(&browser),
    );
    browser.step(
        "leader reads the dashboard, the heat map and a paragraph's items",
        record::dashboard_heat_map_items(&browser, &comment),
    );
    browser.step(
        "leader disposes of the new items as a group on the workbench",
        drafting::workbench_group(&browser, &comment),
    );
    browser.step(
        "leader revises, reads the comparison, publishes and links a modification",
        drafting::revise_publish_link(&browser, &comment),
    );
    browser.step(
        "auditor verifies the audit log",
        drafting::audit_verify(&browser),
    );
    browser.step(
        "a member of the public registers, verifies and comments on a paragraph",
        public::register_verify_comment(&browser),
    );
}
