// A view returning a struct of its own, not wrapped in `Json`.
use chalice_app::{Chalice, Request, Route};

#[derive(serde::Serialize)]
struct Summary {
    count: usize,
}

fn main() {
    let mut app = Chalice::new("ui");
    app.route("/", Route::new(), |_request: Request| Summary { count: 1 });
}
