//! Form bodies must be UTF-8 once their percent-escapes are decoded. The form decoder axum
//! uses replaces invalid sequences with U+FFFD silently, which would store something the
//! consultee did not write; this layer refuses such a form with a clear error instead.

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{Detail, WebError};
use crate::i18n::Lang;

/// The most a form may hold before this layer gives up reading it (the largest route limit;
/// each route's own limit still applies after).
const READ_LIMIT: usize = crate::pages::MAX_DRAFT_BYTES;

pub async fn reject_invalid_utf8(req: Request, next: Next) -> Response {
    let is_form = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return next.run(req).await;
    }
    let lang = Lang::from_headers(req.headers());
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, READ_LIMIT).await {
        Ok(b) => b,
        Err(_) => return refuse(lang, WebError::TooLarge),
    };
    if !decodes_as_utf8(&bytes) {
        let err = WebError::Invalid(Detail::FormNotUtf8);
        return refuse(lang, err);
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn refuse(lang: Lang, err: WebError) -> Response {
    crate::pages::failure_page(lang, &err).into_response()
}

/// Whether every name and value of an urlencoded form is UTF-8 after percent-decoding.
pub fn decodes_as_utf8(form: &[u8]) -> bool {
    form.split(|&b| b == b'&' || b == b'=').all(|piece| {
        let mut out = Vec::with_capacity(piece.len());
        let mut k = 0;
        while k < piece.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            match piece[k] {
                b'%' if k + 2 < piece.len() => match (hex(piece[k + 1]), hex(piece[k + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        k += 3;
                        continue;
                    }
                    _ => out.push(b'%'),
                },
                b'+' => out.push(b' '),
                b => out.push(b),
            }
            k += 1;
        }
        std::str::from_utf8(&out).is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::decodes_as_utf8;

    #[test]
    fn forms_decode_or_not() {
        assert!(decodes_as_utf8(b"a=1&text=%E4%BD%A0%E5%A5%BD+x"));
        assert!(decodes_as_utf8("text=你好".as_bytes()));
        assert!(decodes_as_utf8(b"a=100%&b=%"), "a lone % is kept as it is");
        assert!(!decodes_as_utf8(b"text=%FF%FE"));
        assert!(!decodes_as_utf8(b"text=%E4%BD"), "a cut-off character");
        assert!(!decodes_as_utf8(&[b't', b'=', 0xff]));
    }
}
