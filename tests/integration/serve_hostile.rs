//! `charta serve` against hostile requests (issue 23): connections left half-sent, foreign Host
//! names, over-long file names, Range on the pages the reload script changes.

use crate::serve::{Server, connect, serve_args, spawn};
use crate::support::Site;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;

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
