// An SQS handler written for SNS events.
use chalice_app::events::sns::SNSEvent;
use chalice_app::{Chalice, Json, SQSEventConfig};

fn main() {
    let mut app = Chalice::new("ui");
    app.on_sqs_message(SQSEventConfig::new("jobs"), |event: SNSEvent| {
        Json(event.message().to_string())
    });
}
