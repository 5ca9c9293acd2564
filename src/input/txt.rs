//! Plain text: one paragraph a line, with or without blank lines between
//! paragraphs; CRLF and lone CR line ends become LF.

/// The text with its line ends made LF; every line stays where it was, so
/// line numbers in messages are the file's.
pub fn normalize_line_ends(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends() {
        assert_eq!(normalize_line_ends("a\r\nb\rc\n".into()), "a\nb\nc\n");
        assert_eq!(normalize_line_ends("a\nb".into()), "a\nb");
    }
}
