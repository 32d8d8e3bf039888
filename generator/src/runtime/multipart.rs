//! `multipart/form-data` bodies.

use super::*;

/// A `multipart/form-data` body: text fields and files.

#[derive(Debug, Clone, Default)]
pub struct Multipart {
    parts: Vec<(::std::string::String, MultipartPart)>,
}

#[derive(Debug, Clone)]
enum MultipartPart {
    Text(::std::string::String),
    Bytes {
        file_name: Option<::std::string::String>,
        content_type: ::std::string::String,
        bytes: Bytes,
    },
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: &str, value: impl Into<::std::string::String>) -> Self {
        self.parts
            .push((name.to_owned(), MultipartPart::Text(value.into())));
        self
    }

    /// Adds a file.
    pub fn file(mut self, name: &str, file: File) -> Self {
        self.parts.push((
            name.to_owned(),
            MultipartPart::Bytes {
                file_name: Some(file.file_name),
                content_type: file
                    .content_type
                    .unwrap_or_else(|| "application/octet-stream".to_owned()),
                bytes: Bytes::from(file.bytes),
            },
        ));
        self
    }

    /// Adds a field with a content type and no file name, e.g. a JSON part.
    pub fn bytes(mut self, name: &str, content_type: &str, bytes: Vec<u8>) -> Self {
        self.parts.push((
            name.to_owned(),
            MultipartPart::Bytes {
                file_name: None,
                content_type: content_type.to_owned(),
                bytes: Bytes::from(bytes),
            },
        ));
        self
    }

    /// The `reqwest` form; built anew for each attempt.
    pub(super) fn to_form(&self) -> Result<::reqwest::multipart::Form, TransportError> {
        let mut form = ::reqwest::multipart::Form::new();
        for (name, part) in &self.parts {
            let part = match part {
                MultipartPart::Text(text) => ::reqwest::multipart::Part::text(text.clone()),
                MultipartPart::Bytes {
                    file_name,
                    content_type,
                    bytes,
                } => {
                    let mut part = ::reqwest::multipart::Part::stream_with_length(
                        ::reqwest::Body::from(bytes.clone()),
                        bytes.len() as u64,
                    );
                    if let Some(file_name) = file_name {
                        part = part.file_name(file_name.clone());
                    }
                    part.mime_str(content_type).map_err(|_| {
                        TransportError::InvalidRequest(format!(
                            "`{content_type}` is not a valid content type for multipart field `{name}`"
                        ))
                    })?
                }
            };
            form = form.part(name.clone(), part);
        }
        Ok(form)
    }
}

/// A file to upload in a [`Multipart`] form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// The file name sent to the server.
    pub file_name: ::std::string::String,
    /// The media type; `application/octet-stream` when `None`.
    pub content_type: Option<::std::string::String>,
    /// The content.
    pub bytes: Vec<u8>,
}

impl File {
    /// A file with no declared media type.
    pub fn new(file_name: impl Into<::std::string::String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            file_name: file_name.into(),
            content_type: None,
            bytes: bytes.into(),
        }
    }

    /// Declares the file's media type.
    pub fn with_content_type(mut self, content_type: impl Into<::std::string::String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}
