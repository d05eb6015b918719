# Interface text (English). One message per line: key = text; { $name } is a placeholder.
# zh-CN.ftl must have the same keys.

app-name = yijian · drafting through consultation
nav-logout = Log out
footer-confidential = Unpublished drafts are confidential. Do not pass them on.

error-status = Status
error-home = Back to the home page
error-unauthenticated = Please log in first
error-bad_credentials = Wrong username or password
error-not_found = Not found
error-forbidden = You may not do this
error-csrf = Request refused: it did not come from this site's own form. Reload the page and try again
error-rate_limited = Too many attempts; wait a minute and try again
error-invalid = The input is not valid
error-conflict = This cannot be done now
error-too_large = The request is too large
error-internal = Internal server error

login-title = Log in
login-username = Username
login-password = Password
login-submit = Log in

home-title = Home
home-greeting = Logged in as { $name }
home-dossiers = Dossiers
home-consultations = Consultations
home-no-consultations = There is no consultation you may see.

col-title = Title
col-kind = Kind
col-window = Window
col-state = State
state-upcoming = Not yet open
state-open = Open
state-closed = Closed
kind-topic = Topic consultation
kind-draft = Draft consultation
kind-public = Public consultation

dossier-timeline = The process
dossier-next = Next
dossier-versions = Versions
dossier-consultations = Consultations
dossier-drafting = Drafting
dossier-adopted = Adopted
dossier-stands = Where it stands: step { $n }, { $step }

step1 = Topic decided
step2 = Topic consultation
step3 = Drafting
step4 = Draft consultation
step5 = Analysis, item by item
step6 = Revision
step7 = Review
step8 = Plenary
step9 = Explanation
step1-detail = Topic decided and drafting group set up on { $date }
step2-detail = Consultations: { $n }
step3-detail = Versions: { $n }, released: { $released }
step4-detail = Bodies consulted: { $bodies }; responses: { $responses }
step5-detail = Items: { $items }; not yet disposed: { $undisposed }
step6-detail = Modifications: { $n }; items behind them: { $covered }
step7-detail = Meetings: { $n }
step8-adopted = Adopted by the plenary
step8-not-adopted = Not yet adopted
step9-detail = The explanation will be generated from the record (not available yet)

next-undisposed = Items still to dispose: { $n }
next-open-consultation = "{ $title }" is open until { $date }
next-nothing = Nothing to do right now
next-explanation = Write the explanation from the record

version-released-on = Released on { $date }
version-unreleased = Not released
version-summary = Paragraphs: { $paragraphs }; items on paragraphs: { $items }
version-click-paragraph = Click the item count beside a paragraph to see its items.
heat-legend = Items per paragraph:
unit-items = items

item-kind-opinion = Opinion
item-kind-suggestion = Suggestion
item-kind-correction = Correction
item-kind-endorsement = Endorsement
item-source-response = Written response
item-source-hearing = Hearing
item-source-group-discussion = Group discussion
item-general = General
item-on-paragraph = On paragraph { $n }
item-on-a-paragraph = On a paragraph

paragraph-n = Paragraph { $n }
paragraph-no-items = No items on this paragraph.
paragraph-back = Back to the text

consultation-question = The question asked:
consultation-record-view = You see this dossier's whole record.
consultation-dossier-link = The dossier's progress
consultation-version-link = The draft under consultation and its items

consultee-not-yet-open = The consultation has not opened yet; the draft can be read once it does.
consultee-closed = The consultation has closed; the draft is no longer available.
consultee-comment-here = Comment on this paragraph
consultee-own = Your response
consultee-no-items = No items yet.
consultee-add = Add an item
consultee-kind = Kind
consultee-where = On
consultee-text = Text
consultee-add-button = Save the item
consultee-submit-note = When your items are complete, submit the response. Until the deadline you can still add to it.
consultee-submit = Submit the response

response-none = Nothing written yet
response-draft = Draft, not yet submitted
response-submitted = Submitted on { $date } (changed { $n } times since)

workbench-title = Analysis of the items
workbench-link = The analysis workbench
workbench-progress = Handled { $handled } of { $total }
workbench-shown = Showing { $n } (of { $total })
workbench-view = View
workbench-by-paragraph = By paragraph
workbench-by-consultee = By consultee
workbench-by-category = By category
workbench-by-status = By status
workbench-status = Status
workbench-category = Category
workbench-assignee = Assigned to
workbench-apply = Filter
workbench-all = All
workbench-undisposed = Not yet disposed
workbench-unassigned = Unassigned
workbench-no-category = No category
workbench-selected = With the selected items
workbench-assign-to = Assign to
workbench-assign = Assign
workbench-disposition = Disposition
workbench-decision = Decision
workbench-proposed = Proposed (the leader decides)
workbench-final = Final
workbench-reason = Reason
workbench-dispose-each = Dispose of each
workbench-common-view = Common view (dispose of them as one group)
workbench-dispose-group = Group them and dispose of the group
workbench-consultee = Consultee
workbench-where = Where
workbench-select = Select item
workbench-group = group
workbench-prev = Previous page
workbench-next = Next page

disposition-adopted = Adopted
disposition-partly-adopted = Partly adopted
disposition-not-adopted = Not adopted
disposition-already-reflected = Already reflected
disposition-out-of-scope = Out of scope

category-region = Regions
category-department = Departments
category-party = Parties
category-federation = Federations
category-non-party = Non-party figures
category-senior-members = Senior members
category-other = Other

revise-link = Revise the draft (a new version)
revise-title = Revise the draft
revise-from = Revising:
revise-label = Name of the new version
revise-text = The whole text (Markdown: # title, ## part, ### section; a blank line between paragraphs)
revise-save = Save as a new version and compare
revise-or-upload = Or upload a file (.docx, .md, .txt)
revise-file = File
revise-upload = Upload and compare

compare-title = Comparison
compare-count = { $n } modifications
compare-recorded = { $n } modifications recorded
compare-publish = Publish this version (release it and record the modifications)
compare-not-released = Not released yet; the leader or a deputy publishes it.
compare-part = Part
compare-modifications = Modifications
compare-no-part = (before the first part)
compare-old = Old text
compare-new = New text
compare-what = Change
compare-modification-n = Modification { $n }
compare-items = from items
compare-link = Link items

match-unchanged = Unchanged
match-modified = Modified
match-inserted = Inserted
match-deleted = Deleted
match-moved = Moved
match-split = Split
match-merged = Merged

consultee-select-hint = Select words in the text above to comment on them, or type the words in "Words referred to".
consultee-quote = Words referred to (optional)
consultee-selected = Words selected: the item will refer to them.

audit-title = Audit log
audit-link = Audit log
audit-checkpoint = Checkpoint (optional)
audit-verify = Verify integrity
audit-verified = Verified: { $entries } entries, { $items } items and { $versions } released versions checked; checkpoint now { $head }
audit-failed = Verification failed:
audit-at = When (UTC)
audit-actor = Who
audit-action = Action
audit-subject = Subject
audit-hash = Hash
audit-older = Older entries

recipients-title = Recipients
recipients-summary = { $n } recipients: { $submitted } submitted, { $drafts } drafts saved, { $opened } opened, { $unopened } not yet opened; response rate { $rate }%
recipients-copy = Copy
recipients-name = Recipient
recipients-when = Date
recipient-not-opened = Not yet opened
recipient-opened = Opened
recipient-draft-saved = Draft saved
recipient-submitted = Submitted

setup-link = Open a consultation
setup-title = Open a consultation
setup-version = The version consulted on (draft consultation)
setup-question = The question asked (topic consultation)
setup-opens = Opens on
setup-closes = Closes after (last day)
setup-scope = Whom to consult: a whole category, or bodies by name
setup-all-of = all
setup-open = Open the consultation
workbench-kind = Kind of item

outcome = Outcome: { $kind }. { $reason }
handling-publish = Publish the handling (consultees then see what became of their items)
handling-published = The handling was published on { $date }

hearings-link = Hearing minutes
hearings-title = Hearing minutes
hearings-none = No hearing recorded yet.
hearings-speaker = Speaker
hearings-paragraph = Paragraph (0 or empty: general)
hearings-add-item = Minute the item
hearings-record = Record a hearing
hearings-held-on = Held on
hearings-minutes = Minutes

review-link = Review and adoption
review-title = Review and adoption
review-meetings = Review meetings
review-body = Body
review-version = Version
review-decision = Decision
review-record-meeting = Record the meeting
review-plenary = Submission to the plenary
review-plenary-body = Plenary
review-submit = Submit to the plenary
review-add-opinion = Record a group-discussion opinion
review-adopted-version = Version adopted
review-adopt = Record the adoption
review-adopted-on = Adopted on { $date }: "{ $version }"
decision-approved = Approved
decision-approved-with-changes = Approved with changes
decision-returned = Returned for revision
decision-discussed = Discussed

admin-link = Administration
admin-title = Administration
admin-bodies = Bodies
admin-people = People
admin-account = Account
admin-username = Username
admin-no-password = no password yet
admin-invite = Make an invitation link
admin-create-account = Create the account
admin-add-body = Add the body
admin-add-person = Add the person
admin-invitation-made = Invitation link (shown only this once, valid until { $date }): { $link }
invite-title = Set your password
invite-password = New password (at least 12 characters)
invite-again = Once more
invite-set = Set the password
invite-invalid = This invitation link is not valid: used, expired or unknown. Ask the administrator.
workbench-none = No item matches.

reports-link = Reports and downloads
reports-title = Reports and downloads
reports-explanation = Explanation
reports-handling = Handling table
reports-comparison = Comparison table
reports-preview = The explanation (preview)
consultee-copy = Download your organization's numbered copy (.docx)

consultee-edit = Change or withdraw
consultee-save-edit = Save the change
consultee-withdraw = Withdraw this item
admin-disable = Disable the account
admin-enable = Enable the account
admin-disabled = disabled
