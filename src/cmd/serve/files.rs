//! `charta serve`: the files of the site built, as served: a page gets the reload script and
//! is served whole, a file that cannot be named or found is 404, and nothing is kept in a
//! browser's cache.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::io::ErrorKind;
use tower_http::services::ServeDir;

/// Where the reload script is served. A file, not a script inline in each page, so that a
/// Content-Security-Policy of `script-src 'self'` lets it run.
pub const SCRIPT: &str = "/__charta/reload.js";
/// Added before `</body>` of every page served (not of the files built).
const SCRIPT_TAG: &[u8] = b"<script src=\"/__charta/reload.js\"></script>";

/// The reload script: reload the page on a new build.
pub async fn script() -> impl IntoResponse {
    let script =
        "new EventSource(\"/__charta/reload\").addEventListener(\"reload\", () => location.reload());\n";
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], script)
}

/// The file `request` names, from the site built. A page is served whole: the script makes it
/// longer than the file, so a Range counted on the file would cut it wrong, and counting it on
/// the page served is not worth it for a preview. Other files honour Range.
pub async fn serve(State(files): State<ServeDir>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let mut whole = Request::from_parts(parts.clone(), Body::empty());
    whole.headers_mut().remove(header::RANGE);
    // A page's length is known once the script is in: HEAD is answered as GET without its
    // body (hyper leaves it out).
    if whole.method() == Method::HEAD {
        *whole.method_mut() = Method::GET;
    }
    let response = read(&files, whole).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html {
        with_reload(response).await
    } else if parts.headers.contains_key(header::RANGE) {
        // Asked again with the Range: the type is known only from the answer without it (a
        // range that cannot be served is answered with no type).
        read(&files, Request::from_parts(parts, Body::empty())).await
    } else {
        response
    }
}

async fn read(files: &ServeDir, request: Request) -> Response {
    match files.clone().try_call(request).await {
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
    }
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

/// Nothing served is kept in a browser's cache: the next build changes it. Nor is any file run
/// as other than its type says: a linked file published as `.txt` (a repository's `evil.js`)
/// ran as a script from a repository's own template, the Content-Security-Policy's `'self'`
/// notwithstanding, when a browser sniffed it.
pub async fn headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// The page with the reload script, whole, its length the page's (not the file's), and no
/// promise to serve ranges of it.
async fn with_reload(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut page = bytes.to_vec();
    let at = memchr::memmem::rfind(&page, b"</body>").unwrap_or(page.len());
    page.splice(at..at, SCRIPT_TAG.iter().copied());
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::ACCEPT_RANGES);
    Response::from_parts(parts, Body::from(page))
}
