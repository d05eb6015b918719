//! The JSON API under `/api/v1`, authenticated by the session cookie or
//! `Authorization: Bearer TOKEN`, described by the OpenAPI document it serves.
//!
//! The document is written here, next to the routes, from one table ([`ROUTES`]); the
//! integration tests call every path it lists, so the two cannot drift apart unnoticed.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use yijian_app::{ConsultationVersion, VisibleConsultation};
use yijian_core::ids::ConsultationId;
use yijian_core::model::Block;

use crate::auth::{self, now, ApiUser};
use crate::client::ClientIp;
use crate::error::{api_error, from_rejection, relocalize, ApiError, Detail, WebError};
use crate::i18n::Lang;
use crate::routes::{self, RouteKey};
use crate::state::AppState;

mod ops;

/// An API route as the OpenAPI document describes it (method in lower case, as OpenAPI
/// writes it; path relative to `/api/v1`).
pub struct ApiRoute {
    pub method: &'static str,
    pub path: &'static str,
    pub summary: &'static str,
    /// Whether it needs a session (cookie or bearer token).
    pub secured: bool,
}

const fn route(
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    secured: bool,
) -> ApiRoute {
    ApiRoute {
        method,
        path,
        summary,
        secured,
    }
}

/// Every API route; the router and the OpenAPI document are both built from this table.
pub const ROUTES: &[ApiRoute] = &[
    route(
        "post",
        "/login",
        "Log in; returns a bearer token (401 on a wrong username or password)",
        false,
    ),
    route("post", "/logout", "End the caller's session", true),
    route("get", "/me", "Who the caller is", true),
    route(
        "get",
        "/consultations",
        "The consultations the caller may see, each with id and kind",
        true,
    ),
    route(
        "get",
        "/consultations/{id}/version",
        "The version under consultation with its paragraphs (404 when the caller may not see the consultation)",
        true,
    ),
    route(
        "get",
        "/consultations/{id}/response",
        "The caller's own response: status, items with paragraph number and quoted words (while the draft is readable), and what became of each once the handling is published (404 when the caller has no place in the consultation's scope)",
        true,
    ),
    route(
        "post",
        "/consultations/{id}/items",
        "Add an item to the caller's response: on a paragraph (by number), on words of it (quote, found by characters), or in general; 429 past the submission limit",
        true,
    ),
    route(
        "post",
        "/consultations/{id}/submit",
        "Submit (or re-submit, while the window is open) the caller's response; 429 past the submission limit",
        true,
    ),
    route(
        "get",
        "/consultations/{id}/recipients",
        "Record-holders: each recipient's name, category, status and dates, the counts per status and the response rate",
        true,
    ),
    route(
        "get",
        "/consultations/{id}/search",
        "Record-holders: full-text search of the consultation's comments and items (words, phrases, characters) with the filters of the page — paragraph, region, dates, campaign, theme, only campaign or unique comments —, excerpts with their marks as character ranges; at most 10,000 counted",
        true,
    ),
    route(
        "get",
        "/dossiers/{id}/items",
        "Record-holders: the workbench — the dossier's items with consultee, category, paragraph number, disposition, group and assignee, filtered like the page, 500 per page",
        true,
    ),
    route(
        "post",
        "/dossiers/{id}/dispositions",
        "Dispose of items (drafters propose, leader or deputy finalise); with common_view, gather them into one new group and dispose of the group",
        true,
    ),
    route(
        "post",
        "/dossiers/{id}/assignments",
        "Give items to a drafting-group member to analyse (leader or deputy)",
        true,
    ),
    route(
        "get",
        "/versions/{id}/comparison",
        "Record-holders: the version compared with an earlier one (its parent by default): the modification count, per part, rows with old and new text and the changes as character ranges, and the recorded modifications with their linked items",
        true,
    ),
    route(
        "post",
        "/versions/{id}/publish",
        "Publish a revision (leader or deputy): release it and record its modifications; 409 when released already",
        true,
    ),
    route(
        "post",
        "/modifications/{id}/items",
        "Link a recorded modification to the items behind it (drafting group)",
        true,
    ),
    route(
        "get",
        "/audit",
        "Auditors and administrators: the newest entries of the audit log, 200 at a time, older ones with ?before=SEQ (404 for anyone else)",
        true,
    ),
    route(
        "get",
        "/audit/verify",
        "Auditors and administrators: verify the hash chain, the content it vouches for and, given one, a checkpoint COUNT:HASH (404 for anyone else)",
        true,
    ),
    route("get", "/openapi.json", "This document", false),
];

fn handler(key: RouteKey) -> MethodRouter<AppState> {
    match (key.method, key.path) {
        ("post", "/login") => post(login),
        ("post", "/logout") => post(logout),
        ("get", "/me") => get(me),
        ("get", "/consultations") => get(consultations),
        ("get", "/consultations/{id}/version") => get(consultation_version),
        ("get", "/consultations/{id}/response") => get(ops::own_response),
        ("post", "/consultations/{id}/items") => post(ops::add_item),
        ("post", "/consultations/{id}/submit") => post(ops::submit),
        ("get", "/consultations/{id}/recipients") => get(ops::recipients),
        ("get", "/consultations/{id}/search") => get(ops::search),
        ("get", "/dossiers/{id}/items") => get(ops::workbench),
        ("post", "/dossiers/{id}/dispositions") => post(ops::dispose),
        ("post", "/dossiers/{id}/assignments") => post(ops::assign),
        ("get", "/versions/{id}/comparison") => get(ops::comparison),
        ("post", "/versions/{id}/publish") => post(ops::publish),
        ("post", "/modifications/{id}/items") => post(ops::link),
        ("get", "/audit") => get(ops::audit),
        ("get", "/audit/verify") => get(ops::verify),
        ("get", "/openapi.json") => get(openapi),
        _ => routes::unknown(key),
    }
}

pub fn routes(state: AppState) -> Router {
    let table = ROUTES.iter().map(|r| RouteKey {
        method: r.method,
        path: r.path,
    });
    routes::build(table, handler)
        .fallback(no_route)
        .layer(axum::middleware::from_fn(json_rejections))
        .with_state(state)
}

/// Extractor rejections (plain text from axum) answered as the API's JSON errors; every API
/// error said in the request's language.
async fn json_rejections(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let lang = Lang::from_headers(req.headers());
    match from_rejection(next.run(req).await).await {
        Ok(err) => api_error(lang, &err),
        Err(response) => relocalize(lang, response),
    }
}

async fn no_route(headers: HeaderMap) -> Response {
    let m = Lang::from_headers(&headers).msgs();
    let body =
        json!({"error": "no_route", "code": "error-no_route", "message": m.t("error-no_route")});
    (StatusCode::NOT_FOUND, Json(body)).into_response()
}

#[derive(Deserialize)]
struct LoginRequest {
    username: String,
    password: String,
}

/// POST /api/v1/login
async fn login(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    Json(req): Json<LoginRequest>,
) -> Result<Json<Value>, ApiError> {
    let session = auth::attempt_login(&state, client, &req.username, &req.password, None).await?;
    Ok(Json(json!({
        "token": session.token,
        "expires_at": session.expires_at.0,
    })))
}

/// POST /api/v1/logout
async fn logout(
    State(state): State<AppState>,
    ApiUser(session): ApiUser,
) -> Result<StatusCode, ApiError> {
    state.app.logout(&session.token, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// GET /api/v1/me
async fn me(ApiUser(session): ApiUser) -> Json<Value> {
    let u = &session.user;
    Json(json!({
        "username": u.username,
        "name": u.name,
        "person": u.person,
        "body": u.body,
        "global_roles": u.global_roles,
        "session_expires_at": u.expires_at.0,
    }))
}

fn consultation_json(v: &VisibleConsultation) -> Value {
    let c = &v.consultation;
    json!({
        "id": c.id,
        "kind": c.kind,
        "dossier": c.dossier,
        "title": c.title,
        "version": c.version,
        "question": c.question,
        "opens_at": c.opens_at.0,
        "closes_at": c.closes_at.0,
        "access": v.access,
    })
}

/// GET /api/v1/consultations
async fn consultations(
    State(state): State<AppState>,
    ApiUser(session): ApiUser,
) -> Result<Json<Value>, ApiError> {
    let seen = state
        .app
        .visible_consultations(session.user.person, now())
        .await?;
    Ok(Json(Value::Array(
        seen.iter().map(consultation_json).collect(),
    )))
}

/// The blocks of a version, body paragraphs numbered as consultees count them.
fn paragraphs_json(blocks: &[Block]) -> Vec<Value> {
    let mut number = 0;
    blocks
        .iter()
        .map(|b| {
            let counted = b.kind.is_numbered();
            if counted {
                number += 1;
            }
            json!({
                "id": b.paragraph,
                "number": counted.then_some(number),
                "kind": b.kind,
                "level": b.level,
                "text": b.text,
            })
        })
        .collect()
}

/// GET /api/v1/consultations/{id}/version
async fn consultation_version(
    State(state): State<AppState>,
    ApiUser(session): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    let read = state
        .app
        .consultation_version(session.user.person, ConsultationId(id), now())
        .await?;
    match read {
        ConsultationVersion::Hidden => Err(WebError::NotFound.into()),
        ConsultationVersion::NoVersion(_) => Err(WebError::NotFound.into()),
        ConsultationVersion::OutsideWindow(_) => {
            Err(WebError::Forbidden(Detail::OutsideWindow).into())
        }
        ConsultationVersion::Readable {
            consultation,
            version,
            blocks,
        } => Ok(Json(json!({
            "consultation": consultation_json(&consultation),
            "version": {
                "id": version.id,
                "label": version.label,
                "released_at": version.released_at.map(|t| t.0),
            },
            "paragraphs": paragraphs_json(&blocks),
        }))),
    }
}

/// GET /api/v1/openapi.json
async fn openapi() -> Json<Value> {
    Json(openapi_document())
}

/// The OpenAPI 3 document of the API.
pub fn openapi_document() -> Value {
    let error = json!({"$ref": "#/components/responses/Error"});
    let mut paths = serde_json::Map::new();
    for ApiRoute {
        method,
        path,
        summary,
        secured,
    } in ROUTES
    {
        let mut responses = serde_json::Map::new();
        let (code, ok) = ok_response(method, path);
        responses.insert(code.into(), ok);
        let request = request_schema(method, path);
        let query = query_parameters(method, path);
        if *secured {
            responses.insert("401".into(), error.clone());
            if *path != "/logout" && *path != "/me" && *path != "/consultations" {
                responses.insert("403".into(), error.clone());
                responses.insert("404".into(), error.clone());
            }
        }
        if request.is_some() || !query.is_empty() {
            responses.insert("422".into(), error.clone());
        }
        if *method == "post" && *secured && *path != "/logout" {
            responses.insert("409".into(), error.clone());
        }
        if *path == "/login"
            || *path == "/consultations/{id}/items"
            || *path == "/consultations/{id}/submit"
        {
            responses.insert("429".into(), error.clone());
        }
        if *path == "/login" {
            responses.insert("401".into(), error.clone());
        }
        let mut op = json!({
            "summary": summary,
            "operationId": operation_id(method, path),
            "responses": responses,
        });
        if *secured {
            op["security"] = json!([{"bearer": []}, {"cookie": []}]);
        } else {
            op["security"] = json!([]);
        }
        let mut parameters = Vec::new();
        if path.contains("{id}") {
            parameters.push(json!({
                "name": "id", "in": "path", "required": true,
                "schema": {"type": "integer", "format": "int64"}
            }));
        }
        parameters.extend(query);
        if !parameters.is_empty() {
            op["parameters"] = Value::Array(parameters);
        }
        if let Some(schema) = request {
            op["requestBody"] = json!({
                "required": true,
                "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}
            });
        }
        let entry = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        entry[*method] = op;
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "yijian API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Drafting a document through structured consultation. Errors are {\"error\": code, \"message\": text}."
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "cookie": {"type": "apiKey", "in": "cookie", "name": "yijian_session",
                           "description": "__Host-yijian_session when the server uses secure cookies; state-changing calls also need the X-CSRF-Token header"}
            },
            "responses": {
                "Error": {"description": "An error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            },
            "schemas": schemas(),
        }
    })
}

fn operation_id(method: &str, path: &str) -> String {
    let words: String = path
        .split(['/', '.', '{', '}'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    format!("{method}{words}")
}

/// The success status and its description.
fn ok_response(method: &str, path: &str) -> (&'static str, Value) {
    let named = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
    let schema = match (method, path) {
        ("post", "/login") => named("Token"),
        ("post", "/logout") => {
            return (
                "204",
                json!({"description": "The session has ended (no content)"}),
            )
        }
        ("get", "/me") => named("Me"),
        ("get", "/consultations") => json!({"type": "array", "items": named("Consultation")}),
        ("get", "/consultations/{id}/version") => named("ConsultationVersion"),
        ("get", "/consultations/{id}/response") => named("OwnResponse"),
        ("post", "/consultations/{id}/items") => {
            return (
                "201",
                json!({"description": "The item was added", "content": {"application/json": {"schema": named("ItemCreated")}}}),
            )
        }
        ("post", "/consultations/{id}/submit") => named("Submitted"),
        ("get", "/consultations/{id}/recipients") => named("Recipients"),
        ("get", "/consultations/{id}/search") => named("SearchResult"),
        ("get", "/dossiers/{id}/items") => named("Workbench"),
        ("post", "/dossiers/{id}/dispositions") => named("Disposed"),
        ("post", "/dossiers/{id}/assignments") => named("Assigned"),
        ("get", "/versions/{id}/comparison") => named("Comparison"),
        ("post", "/versions/{id}/publish") => named("Published"),
        ("post", "/modifications/{id}/items") => named("Linked"),
        ("get", "/audit") => named("AuditPage"),
        ("get", "/audit/verify") => named("Verification"),
        _ => json!({"type": "object"}),
    };
    (
        "200",
        json!({"description": "OK", "content": {"application/json": {"schema": schema}}}),
    )
}

/// The schema of a route's JSON body, if it takes one.
fn request_schema(method: &str, path: &str) -> Option<&'static str> {
    match (method, path) {
        ("post", "/login") => Some("LoginRequest"),
        ("post", "/consultations/{id}/items") => Some("ItemRequest"),
        ("post", "/dossiers/{id}/dispositions") => Some("DispositionRequest"),
        ("post", "/dossiers/{id}/assignments") => Some("AssignmentRequest"),
        ("post", "/modifications/{id}/items") => Some("LinkRequest"),
        _ => None,
    }
}

/// A route's query parameters.
fn query_parameters(method: &str, path: &str) -> Vec<Value> {
    let q = |name: &str, schema: Value, description: &str| json!({"name": name, "in": "query", "required": false, "schema": schema, "description": description});
    let int = json!({"type": "integer", "format": "int64"});
    let text = json!({"type": "string"});
    match (method, path) {
        ("get", "/dossiers/{id}/items") => vec![
            q("status", text.clone(), "all, undisposed, or a disposition code (adopted, partly_adopted, not_adopted, already_reflected, out_of_scope)"),
            q("category", text.clone(), "a body category code (region, department, party, federation, non_party, senior_members, other)"),
            q("assignee", text, "a person id, or none for the unassigned"),
            q("page", json!({"type": "integer", "minimum": 0}), "0-based page of 500 items"),
        ],
        ("get", "/consultations/{id}/search") => vec![
            q("q", text.clone(), "the words to find (required; at most 200 characters, 10 terms)"),
            q("paragraph", json!({"type": "integer", "minimum": 1}), "a paragraph of the version consulted, by number"),
            q("region", text.clone(), "the region exactly as recorded"),
            q("from", json!({"type": "string", "format": "date"}), "submitted on or after this day"),
            q("to", json!({"type": "string", "format": "date"}), "submitted on or before this day"),
            q("campaign", int.clone(), "only the members of this campaign (of the consultation)"),
            q("theme", int.clone(), "only the comments now in this theme (of the consultation)"),
            q("only", text.clone(), "campaign (only comments in a campaign) or unique (in none)"),
            q("limit", json!({"type": "integer", "minimum": 1, "maximum": 100}), "hits per page (default 20)"),
            q("offset", json!({"type": "integer", "minimum": 0}), "hits to skip"),
        ],
        ("get", "/versions/{id}/comparison") => vec![q(
            "from",
            int,
            "the earlier version (default: the version's parent)",
        )],
        ("get", "/audit") => vec![q("before", int, "entries older than this sequence number")],
        ("get", "/audit/verify") => vec![q(
            "checkpoint",
            text,
            "COUNT:HASH, as `yijian audit verify` prints it: the log must still extend it",
        )],
        _ => Vec::new(),
    }
}

fn schemas() -> Value {
    let int = json!({"type": "integer", "format": "int64"});
    let text = json!({"type": "string"});
    let mut base = json!({
        "Error": {"type": "object", "required": ["error", "code", "message"],
                  "properties": {"error": text, "code": text, "message": text}},
        "LoginRequest": {"type": "object", "required": ["username", "password"],
                         "properties": {"username": text, "password": {"type": "string", "format": "password"}}},
        "Token": {"type": "object", "required": ["token"],
                  "properties": {"token": text, "expires_at": int}},
        "Me": {"type": "object", "properties": {
            "username": text, "name": text, "person": int, "body": {"type": "integer", "nullable": true},
            "global_roles": {"type": "array", "items": text}, "session_expires_at": int}},
        "Consultation": {"type": "object", "required": ["id", "kind"], "properties": {
            "id": int, "kind": {"type": "string", "enum": ["topic", "draft"]}, "dossier": int,
            "title": text, "version": {"type": "integer", "nullable": true},
            "question": {"type": "string", "nullable": true},
            "opens_at": int, "closes_at": int,
            "access": {"type": "object", "properties": {
                "as": {"type": "string", "enum": ["record", "consultee"]},
                "reads_version": {"type": "boolean"}}}}},
        "Paragraph": {"type": "object", "properties": {
            "id": int, "number": {"type": "integer", "nullable": true},
            "kind": text, "level": {"type": "integer"}, "text": text}},
        "ConsultationVersion": {"type": "object", "properties": {
            "consultation": {"$ref": "#/components/schemas/Consultation"},
            "version": {"type": "object", "properties": {
                "id": int, "label": text, "released_at": {"type": "integer", "nullable": true}}},
            "paragraphs": {"type": "array", "items": {"$ref": "#/components/schemas/Paragraph"}}}},
    });
    let more = more_schemas();
    for (k, v) in more.as_object().into_iter().flatten() {
        base[k] = v.clone();
    }
    base
}

fn more_schemas() -> Value {
    let int = json!({"type": "integer", "format": "int64"});
    let text = json!({"type": "string"});
    let opt_int = json!({"type": "integer", "format": "int64", "nullable": true});
    let opt_text = json!({"type": "string", "nullable": true});
    let ints = json!({"type": "array", "items": int});
    let span = json!({"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2,
                      "nullable": true, "description": "[start, end) in characters of the paragraph"});
    let codes = |list: &[&str]| json!({"type": "string", "enum": list});
    let item_kinds = codes(&["opinion", "suggestion", "correction", "endorsement"]);
    let dispositions = codes(&[
        "adopted",
        "partly_adopted",
        "not_adopted",
        "already_reflected",
        "out_of_scope",
    ]);
    let categories = codes(&[
        "region",
        "department",
        "party",
        "federation",
        "non_party",
        "senior_members",
        "other",
    ]);
    let marks = json!({"type": "array", "items": {"type": "object", "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}}}});
    let respondent = json!({"type": "object", "description": "{\"body\": id} or {\"person\": id}",
                            "properties": {"body": int, "person": int}});
    json!({
        "ParagraphRef": {"type": "object", "nullable": true, "description": "null for a general item", "properties": {
            "id": int, "version": int, "number": {"type": "integer", "nullable": true}, "span": span,
            "quote": opt_text}},
        "OwnItem": {"type": "object", "properties": {
            "id": int, "kind": item_kinds, "text": text,
            "paragraph": {"$ref": "#/components/schemas/ParagraphRef"},
            "created_at": int,
            "outcome": {"type": "object", "nullable": true, "description": "once the handling is published",
                        "properties": {"disposition": dispositions, "reason": text, "group": opt_int}}}},
        "OwnResponse": {"type": "object", "properties": {
            "consultation": int, "respondent": respondent,
            "status": codes(&["none", "draft", "submitted"]),
            "submitted_at": opt_int, "amendments": {"type": "integer"},
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/OwnItem"}}}},
        "ItemRequest": {"type": "object", "required": ["kind", "text"], "properties": {
            "kind": item_kinds, "text": {"type": "string", "maxLength": 10000},
            "paragraph": {"type": "integer", "minimum": 1, "nullable": true, "description": "the body paragraph's number; absent for a general item"},
            "quote": {"type": "string", "description": "words of that paragraph the item is about"},
            "span_start": {"type": "integer", "minimum": 0, "description": "where the quoted words start, to tell repeated words apart"}}},
        "ItemCreated": {"type": "object", "properties": {"id": int, "span": span}},
        "Submitted": {"type": "object", "properties": {"response": int}},
        "Recipient": {"type": "object", "properties": {
            "respondent": respondent, "copy_no": {"type": "integer"}, "name": text,
            "category": {"type": "string", "nullable": true},
            "status": codes(&["not_opened", "opened", "draft_saved", "submitted"]),
            "opened_at": opt_int, "submitted_at": opt_int}},
        "Recipients": {"type": "object", "properties": {
            "consultation": int,
            "recipients": {"type": "array", "items": {"$ref": "#/components/schemas/Recipient"}},
            "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
            "response_rate": {"type": "number", "description": "submitted responses over recipients, in percent"}}},
        "SearchHit": {"type": "object", "properties": {
            "kind": codes(&["comment", "item"]), "id": int,
            "source_id": {"type": "string", "nullable": true, "description": "a public comment's own id"},
            "paragraph": {"type": "integer", "nullable": true, "description": "its number in the version consulted"},
            "region": {"type": "string", "nullable": true}, "submitted_at": opt_int,
            "excerpt": {"type": "object", "properties": {
                "text": text,
                "marks": {"type": "array", "description": "the words found, as character ranges of text", "items": {"type": "object", "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}}}},
                "cut_before": {"type": "boolean"}, "cut_after": {"type": "boolean"}}}}},
        "SearchResult": {"type": "object", "properties": {
            "total": {"type": "integer", "description": "matches: exactly this many when exact, else at least"},
            "exact": {"type": "boolean"},
            "order": codes(&["relevance", "newest"]),
            "unindexed": {"type": "integer", "description": "texts not indexed yet, so not searched"},
            "hits": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}}}},
        "WorkbenchItem": {"type": "object", "properties": {
            "id": int, "kind": item_kinds, "source": codes(&["response", "hearing", "group_discussion"]),
            "text": text, "consultee": text, "category": {"type": "string", "nullable": true, "enum": categories["enum"]},
            "paragraph": {"$ref": "#/components/schemas/ParagraphRef"},
            "disposition": {"type": "string", "nullable": true, "enum": dispositions["enum"], "description": "the current final disposition"},
            "group": opt_int, "assignee": opt_int}},
        "Workbench": {"type": "object", "properties": {
            "dossier": {"type": "object", "properties": {"id": int, "title": text}},
            "roles": {"type": "array", "items": text},
            "total": {"type": "integer"}, "handled": {"type": "integer"}, "matching": {"type": "integer"},
            "page": {"type": "integer"}, "pages": {"type": "integer"},
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/WorkbenchItem"}},
            "drafters": {"type": "array", "items": {"type": "object", "properties": {"id": int, "name": text}}}}},
        "DispositionRequest": {"type": "object", "required": ["items", "kind", "status"], "properties": {
            "items": {"type": "array", "items": int, "minItems": 1}, "kind": dispositions,
            "reason": text, "status": codes(&["proposed", "final"]),
            "common_view": {"type": "string", "description": "given: the items become one new group with this common view, and the group is disposed of"}}},
        "Disposed": {"type": "object", "properties": {"group": opt_int, "dispositions": ints}},
        "AssignmentRequest": {"type": "object", "required": ["items", "assignee"], "properties": {
            "items": {"type": "array", "items": int, "minItems": 1}, "assignee": int}},
        "Assigned": {"type": "object", "properties": {"assigned": {"type": "integer"}}},
        "VersionRef": {"type": "object", "properties": {"id": int, "label": text, "released_at": opt_int}},
        "ComparisonRow": {"type": "object", "properties": {
            "kind": text, "part": opt_text, "old_text": text, "new_text": text,
            "old_marks": marks, "new_marks": marks, "modifications": {"type": "integer"},
            "recorded": {"type": "array", "items": int, "description": "the recorded modifications in this row"}}},
        "RecordedModification": {"type": "object", "properties": {
            "id": int, "seq": {"type": "integer"}, "kind": text, "part": opt_text,
            "old_text": text, "new_text": text, "items": ints}},
        "Comparison": {"type": "object", "properties": {
            "dossier": int, "from": {"$ref": "#/components/schemas/VersionRef"}, "to": {"$ref": "#/components/schemas/VersionRef"},
            "count": {"type": "integer"},
            "by_part": {"type": "array", "items": {"type": "object", "properties": {"part": opt_text, "modifications": {"type": "integer"}}}},
            "rows": {"type": "array", "items": {"$ref": "#/components/schemas/ComparisonRow"}},
            "recorded": {"type": "array", "items": {"$ref": "#/components/schemas/RecordedModification"}}}},
        "Published": {"type": "object", "properties": {"version": int, "modifications_recorded": {"type": "integer"}}},
        "LinkRequest": {"type": "object", "required": ["items"], "properties": {
            "items": {"type": "array", "items": int, "minItems": 1}}},
        "Linked": {"type": "object", "properties": {"modification": int, "linked": {"type": "integer"}}},
        "AuditEntry": {"type": "object", "properties": {
            "seq": int, "at": int, "actor": text, "action": text, "subject": text,
            "digest": text, "prev_hash": text, "hash": text}},
        "AuditPage": {"type": "object", "properties": {
            "entries": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEntry"}},
            "older": {"type": "integer", "nullable": true, "description": "pass as ?before= for the next page"}}},
        "Verification": {"type": "object", "required": ["ok"], "properties": {
            "ok": {"type": "boolean"}, "head": text, "entries": int,
            "items_checked": {"type": "integer"}, "versions_checked": {"type": "integer"},
            "failure": {"type": "string", "description": "what is wrong, when ok is false"}}},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_lists_every_route() {
        let doc = openapi_document();
        assert_eq!(doc["openapi"], "3.0.3");
        for r in ROUTES {
            assert!(
                doc["paths"][r.path][r.method].is_object(),
                "{} {}",
                r.method,
                r.path
            );
        }
        assert_eq!(
            operation_id("get", "/consultations/{id}/version"),
            "getConsultationsIdVersion"
        );
    }
}
