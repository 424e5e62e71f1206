//! `charta serve`: the files of the site built, as served: a page gets the reload script, a
//! file that cannot be named or found is 404, and nothing is kept in a browser's cache.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::io::ErrorKind;
use tower_http::services::ServeDir;

/// Added before `</body>` of every page served (not of the files built): reload on a new build.
const SCRIPT: &str = "<script>new EventSource(\"/__charta/reload\").addEventListener(\"reload\", () => location.reload());</script>";

/// The file `request` names, from the site built.
pub async fn serve(State(files): State<ServeDir>, request: Request) -> Response {
    let response = match files.clone().try_call(request).await {
        Ok(response) => response.map(Body::new),
        Err(e) if missing(e.kind()) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            let message = format!("charta serve cannot read this file: {e}\n");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                message,
            )
                .into_response()
        }
    };
    with_reload(response).await
}

/// Whether an error opening a file means there is no such file to serve. ServeDir counts only
/// the first three; a name longer than the file system allows (a 256-byte path segment) is
/// `InvalidFilename` and was a 500.
fn missing(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::NotFound
            | ErrorKind::PermissionDenied
            | ErrorKind::NotADirectory
            | ErrorKind::InvalidFilename
    )
}

/// Nothing served is kept in a browser's cache: the next build changes it.
pub async fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Every page served gets the reload script.
async fn with_reload(response: Response) -> Response {
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut page = bytes.to_vec();
    let at = memchr::memmem::rfind(&page, b"</body>").unwrap_or(page.len());
    page.splice(at..at, SCRIPT.bytes());
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(page))
}
