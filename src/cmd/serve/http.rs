//! `charta serve`'s HTTP side: the built files with the reload script, the reload events, a
//! Host check in front of both, and the accept loop that closes connections which stall before
//! their request is whole.

use super::{files, host};
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::net::IpAddr;
use std::path::Path;
use std::time::Duration;
use tokio::sync::broadcast;

/// Where the reload events are served; pages open it with the script `files` adds.
pub const EVENTS: &str = "/__charta/reload";
/// A client has this long to send a request's headers, counted from the connection or from its
/// last response: a browser sends them at once, and a connection left half-sent (or idle) would
/// otherwise hold a file descriptor for ever; enough of them and nobody is answered.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long to wait before accepting again when accepting failed (out of file descriptors,
/// most likely, until the timeout above closes stalled connections).
const ACCEPT_RETRY: Duration = Duration::from_millis(100);

/// The routes: the reload events, else the file of the site built in `out`; for a server
/// bound to `bound`, and only to requests that name a host it may answer to.
pub fn app(out: &Path, reload: broadcast::Sender<u64>, bound: IpAddr) -> axum::Router {
    axum::Router::new()
        .route(EVENTS, axum::routing::get(events).with_state(reload))
        .route(files::SCRIPT, axum::routing::get(files::script))
        .fallback(files::serve)
        .layer(axum::middleware::map_response(files::headers))
        .layer(axum::middleware::from_fn_with_state(bound, check_host))
        .with_state(tower_http::services::ServeDir::new(out))
}

/// Refuse, with 421 Misdirected Request, a request for a host other than this machine's (see
/// `host::allowed`), or naming none. The authority of an absolute URI comes before the Host
/// header, as HTTP/1.1 says.
async fn check_host(State(bound): State<IpAddr>, request: Request, next: Next) -> Response {
    let named = match request.uri().authority() {
        Some(authority) => Some(authority.as_str()),
        None => request.headers().get(header::HOST).and_then(|v| v.to_str().ok()),
    };
    if named.is_some_and(|host| host::allowed(host, bound)) {
        return next.run(request).await;
    }
    let message = "charta serve answers only to requests for localhost, a loopback address or the \
                   address it listens on\n";
    (StatusCode::MISDIRECTED_REQUEST, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], message)
        .into_response()
}

/// Answer the connections of `listener` with `app`, each on its own task, until the process
/// ends. Not `axum::serve`: it gives no way to set hyper's header-read timeout.
pub async fn serve(listener: tokio::net::TcpListener, app: axum::Router) -> Infallible {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                tokio::time::sleep(ACCEPT_RETRY).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
            // A connection that fails (reset, timed out) is its client's business alone.
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

/// The stream of reload events a page listens to.
async fn events(
    State(reload): State<broadcast::Sender<u64>>,
) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>> {
    let stream = futures_util::stream::unfold(reload.subscribe(), |mut builds| async move {
        loop {
            match builds.recv().await {
                Ok(generation) => {
                    let event = Event::default().event("reload").data(generation.to_string());
                    return Some((Ok(event), builds));
                }
                // Several builds since the last event: one reload does for all.
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}
