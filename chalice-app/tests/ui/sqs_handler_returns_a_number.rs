// An SQS handler returning a number, which is no handler's result.
use chalice_app::events::sqs::SQSEvent;
use chalice_app::{Chalice, SQSEventConfig};

fn main() {
    let mut app = Chalice::new("ui");
    app.on_sqs_message(SQSEventConfig::new("jobs"), |event: SQSEvent| {
        event.records().len()
    });
}
