//! The JSON API under `/api/v1`, authenticated by the session cookie or
//! `Authorization: Bearer TOKEN`, described by the OpenAPI document it serves.
//!
//! The document is written here, next to the routes, from one table ([`ROUTES`]); the
//! integration tests call every path it lists, so the two cannot drift apart unnoticed.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use yijian_app::{ConsultationVersion, VisibleConsultation};
use yijian_core::ids::ConsultationId;
use yijian_core::model::{Block, BlockKind};

use crate::auth::{self, now, ApiUser};
use crate::error::{from_rejection, ApiError, WebError};
use crate::routes::{self, RouteKey};
use crate::state::AppState;

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
    route("get", "/openapi.json", "This document", false),
];

fn handler(key: RouteKey) -> MethodRouter<AppState> {
    match (key.method, key.path) {
        ("post", "/login") => post(login),
        ("post", "/logout") => post(logout),
        ("get", "/me") => get(me),
        ("get", "/consultations") => get(consultations),
        ("get", "/consultations/{id}/version") => get(consultation_version),
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

/// Extractor rejections (plain text from axum) answered as the API's JSON errors.
async fn json_rejections(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    match from_rejection(next.run(req).await).await {
        Ok(err) => ApiError(err).into_response(),
        Err(response) => response,
    }
}

async fn no_route() -> Response {
    let body = json!({"error": "no_route", "message": "no such API route"});
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
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Json(req): Json<LoginRequest>,
) -> Result<Json<Value>, ApiError> {
    let session =
        auth::attempt_login(&state, peer.ip(), &req.username, &req.password, None).await?;
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
            let counted = matches!(b.kind, BlockKind::Paragraph | BlockKind::Item);
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
        ConsultationVersion::OutsideWindow(_) => Err(WebError::Forbidden(
            "the consultation's window is not open: its draft is not available to consultees"
                .into(),
        )
        .into()),
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
        responses.insert("200".into(), ok_response(method, path));
        if *secured {
            responses.insert("401".into(), error.clone());
        }
        if path.contains("{id}") {
            responses.insert("404".into(), error.clone());
            responses.insert("403".into(), error.clone());
        }
        if *path == "/login" {
            responses.insert("401".into(), error.clone());
            responses.insert("429".into(), error.clone());
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
        if path.contains("{id}") {
            op["parameters"] = json!([{
                "name": "id", "in": "path", "required": true,
                "schema": {"type": "integer", "format": "int64"}
            }]);
        }
        if *path == "/login" {
            op["requestBody"] = json!({
                "required": true,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LoginRequest"}}}
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

fn ok_response(method: &str, path: &str) -> Value {
    let schema = match (method, path) {
        ("post", "/login") => json!({"$ref": "#/components/schemas/Token"}),
        ("post", "/logout") => {
            return json!({"description": "The session has ended (204 No Content)"})
        }
        ("get", "/me") => json!({"$ref": "#/components/schemas/Me"}),
        ("get", "/consultations") => {
            json!({"type": "array", "items": {"$ref": "#/components/schemas/Consultation"}})
        }
        ("get", "/consultations/{id}/version") => {
            json!({"$ref": "#/components/schemas/ConsultationVersion"})
        }
        _ => json!({"type": "object"}),
    };
    json!({"description": "OK", "content": {"application/json": {"schema": schema}}})
}

fn schemas() -> Value {
    let int = json!({"type": "integer", "format": "int64"});
    let text = json!({"type": "string"});
    json!({
        "Error": {"type": "object", "required": ["error", "message"],
                  "properties": {"error": text, "message": text}},
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
