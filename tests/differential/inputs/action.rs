//! S3 actions: which one a case makes, its method and own query parameters,
//! and the [`Action`] our library builds for it.

use presign::{Action, Bucket};

use crate::rng::Rng;

#[derive(Debug, Clone)]
pub enum ActionKind {
    Get,
    Put,
    Head,
    Delete,
    CreateMultipartUpload,
    UploadPart { part: u16, upload_id: String },
    CompleteMultipartUpload { upload_id: String },
    AbortMultipartUpload { upload_id: String },
    ListParts { upload_id: String },
    ListObjectsV2,
}

impl ActionKind {
    pub fn method(&self) -> &'static str {
        match self {
            ActionKind::Get | ActionKind::ListParts { .. } | ActionKind::ListObjectsV2 => "GET",
            ActionKind::Put | ActionKind::UploadPart { .. } => "PUT",
            ActionKind::Head => "HEAD",
            ActionKind::Delete | ActionKind::AbortMultipartUpload { .. } => "DELETE",
            ActionKind::CreateMultipartUpload | ActionKind::CompleteMultipartUpload { .. } => {
                "POST"
            }
        }
    }

    /// The query parameters the action adds itself.
    pub fn query(&self) -> Vec<(String, String)> {
        let p = |k: &str, v: &str| (k.to_string(), v.to_string());
        match self {
            ActionKind::CreateMultipartUpload => vec![p("uploads", "")],
            ActionKind::UploadPart { part, upload_id } => {
                vec![p("partNumber", &part.to_string()), p("uploadId", upload_id)]
            }
            ActionKind::CompleteMultipartUpload { upload_id }
            | ActionKind::AbortMultipartUpload { upload_id }
            | ActionKind::ListParts { upload_id } => vec![p("uploadId", upload_id)],
            ActionKind::ListObjectsV2 => vec![p("list-type", "2")],
            _ => Vec::new(),
        }
    }

    pub fn build<'a>(&'a self, bucket: &'a Bucket, key: &'a str) -> Action<'a> {
        match self {
            ActionKind::Get => bucket.get_object(key),
            ActionKind::Put => bucket.put_object(key),
            ActionKind::Head => bucket.head_object(key),
            ActionKind::Delete => bucket.delete_object(key),
            ActionKind::CreateMultipartUpload => bucket.create_multipart_upload(key),
            ActionKind::UploadPart { part, upload_id } => bucket.upload_part(key, *part, upload_id),
            ActionKind::CompleteMultipartUpload { upload_id } => {
                bucket.complete_multipart_upload(key, upload_id)
            }
            ActionKind::AbortMultipartUpload { upload_id } => {
                bucket.abort_multipart_upload(key, upload_id)
            }
            ActionKind::ListParts { upload_id } => bucket.list_parts(key, upload_id),
            ActionKind::ListObjectsV2 => bucket.list_objects_v2(),
        }
    }
}

pub fn gen_action(rng: &mut Rng) -> ActionKind {
    let upload_id = rng
        .pick(&[
            "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA",
            "2~abc_DEF-ghi.jkl",
            "a+b/c=d",
            "id with spaces & symbols?",
        ])
        .to_string();
    match rng.below(20) {
        0..=5 => ActionKind::Get,
        6..=10 => ActionKind::Put,
        11 | 12 => ActionKind::Head,
        13 | 14 => ActionKind::Delete,
        15 => ActionKind::CreateMultipartUpload,
        16 => ActionKind::UploadPart {
            part: rng.pick(&[1u16, 2, 17, 9999, 10000]),
            upload_id,
        },
        17 => ActionKind::CompleteMultipartUpload { upload_id },
        18 if rng.chance(50) => ActionKind::AbortMultipartUpload { upload_id },
        18 => ActionKind::ListParts { upload_id },
        _ => ActionKind::ListObjectsV2,
    }
}
