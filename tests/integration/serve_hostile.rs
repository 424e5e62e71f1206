//! `charta serve` against hostile requests (issue 23): connections left half-sent, foreign Host
//! names, over-long file names, Range on the pages the reload script changes.

use crate::serve::{Server, connect, serve, serve_args, spawn};
use crate::support::Site;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

fn read_all(mut stream: TcpStream) -> String {
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap_or_else(|e| panic!("no whole answer: {e}"));
    response
}

#[cfg(unix)]
#[test]
fn serve_answers_after_many_half_sent_requests() {
    let site = Site::fixture("mixed");
    // With 256 files open at most, 300 stalled connections leave none to accept another with:
    // only closing stalled ones lets the server answer again.
    let mut command = Command::new("sh");
    command.args(["-c", "ulimit -n 256 && exec \"$0\" \"$@\"", env!("CARGO_BIN_EXE_charta")]);
    command.args(serve_args(&site));
    let server: Server = spawn(command);
    let stalled: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            stream.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Never-Finished: ").unwrap();
            stream
        })
        .collect();
    // `connect` waits a minute at most for the answer.
    let response = read_all(connect(&server, "/sop/release/"));
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    drop(stalled);
}

/// Send `request` as it is and read the whole answer.
fn send(server: &Server, request: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    read_all(stream)
}

fn get_as(server: &Server, host: &str, path: &str) -> String {
    send(server, &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"))
}

#[test]
fn serve_refuses_a_foreign_host_header() {
    let site = Site::fixture("mixed");
    let server = serve(&site);
    // A page of evil.example whose name now resolves to 127.0.0.1 (DNS rebinding).
    for path in ["/sop/release/", "/__charta/reload"] {
        let refused = get_as(&server, "evil.example", path);
        assert!(refused.starts_with("HTTP/1.1 421"), "{path}: {refused}");
        assert!(refused.contains("answers only to requests for localhost"), "{refused}");
        assert!(!refused.contains("<html"), "{refused}");
        let refused = get_as(&server, &format!("evil.example:{}", server.port), path);
        assert!(refused.starts_with("HTTP/1.1 421"), "{path}: {refused}");
    }
    // An absolute URI names the host, whatever the Host header says.
    let absolute = send(
        &server,
        "GET http://evil.example/sop/release/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert!(absolute.starts_with("HTTP/1.1 421"), "{absolute}");
    // HTTP/1.0 may leave the Host out; a browser never does.
    let nameless = send(&server, "GET /sop/release/ HTTP/1.0\r\n\r\n");
    assert!(nameless.starts_with("HTTP/1.0 421") || nameless.starts_with("HTTP/1.1 421"), "{nameless}");

    let port = server.port;
    for host in
        ["localhost".to_owned(), format!("localhost:{port}"), format!("127.0.0.1:{port}"), "[::1]".to_owned()]
    {
        let page = get_as(&server, &host, "/sop/release/");
        assert!(page.starts_with("HTTP/1.1 200"), "{host}: {page}");
    }
}

#[test]
fn serve_answers_404_not_500_to_a_path_segment_too_long_for_the_file_system() {
    let site = Site::fixture("mixed");
    let server = serve(&site);
    for path in [format!("/{}", "a".repeat(256)), format!("/sop/{}/", "b".repeat(300)), "/x".repeat(3000)] {
        let response = get_as(&server, "localhost", &path);
        assert!(response.starts_with("HTTP/1.1 404"), "{}: {response}", path.len());
    }
}

/// The headers (lower case, as hyper writes them) and the body of a response.
fn split(response: &str) -> (&str, &str) {
    response.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no end of headers: {response}"))
}

fn content_length(headers: &str) -> usize {
    let line = headers.lines().find_map(|l| l.strip_prefix("content-length: ")).unwrap();
    line.trim().parse().unwrap()
}

#[test]
fn serve_serves_a_page_whole_whatever_range_asks_since_the_script_changes_its_length() {
    let site = Site::fixture("mixed");
    let server = serve(&site);
    let ranged = |path: &str, range: &str| {
        send(
            &server,
            &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nRange: {range}\r\nConnection: close\r\n\r\n"),
        )
    };
    for range in ["bytes=0-9", "bytes=100-", "bytes=999999-"] {
        let response = ranged("/sop/release/", range);
        let (headers, body) = split(&response);
        assert!(headers.starts_with("HTTP/1.1 200"), "{range}: {headers}");
        assert!(!headers.contains("accept-ranges") && !headers.contains("content-range"), "{headers}");
        assert_eq!(content_length(headers), body.len(), "{range}");
        assert!(body.starts_with("<!DOCTYPE") && body.contains("reload.js\"></script></body>"), "{body}");
    }
    // HEAD says the length GET will send.
    let head = send(&server, "HEAD /sop/release/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    let page = crate::serve::get(&server, "/sop/release/");
    assert_eq!(content_length(split(&head).0), split(&page).1.len(), "{head}");
    // Other files are not changed, and Range applies.
    let css = ranged("/assets/style.css", "bytes=0-9");
    let (headers, body) = split(&css);
    assert!(
        headers.starts_with("HTTP/1.1 206") && headers.contains("content-range: bytes 0-9/"),
        "{headers}"
    );
    assert_eq!(body.len(), 10);
}

#[test]
fn serve_adds_no_inline_script_that_a_content_security_policy_would_block() {
    let site = Site::fixture("mixed");
    let server = serve(&site);
    let page = crate::serve::get(&server, "/sop/release/");
    let (_, body) = split(&page);
    let added = body.rsplit_once("</body>").map(|(before, _)| before).unwrap();
    // Every script of the page served is loaded from this server (`script-src 'self'`).
    for script in added.split("<script").skip(1) {
        assert!(script.starts_with(" src=\""), "an inline script: <script{script}");
    }
    assert!(body.contains("<script src=\"/__charta/reload.js\"></script>"), "{body}");
}
