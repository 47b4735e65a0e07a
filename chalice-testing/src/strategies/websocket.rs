//! API Gateway WebSocket route events.

use super::*;

prop_compose! {
    /// The JSON of a websocket event: `$connect` (with the handshake's
    /// headers), `$disconnect`, `$default` or a custom route key, messages
    /// with or without a text or JSON body.
    pub fn websocket_event_json()(
        route_key in prop_oneof![
            Just("$connect".to_string()),
            Just("$disconnect".to_string()),
            Just("$default".to_string()),
            re("[a-z][A-Za-z]{0,10}"),
        ],
        body in proptest::option::of(body_text(Sizes::default().max_text)),
        connection_id in re("[A-Za-z0-9]{14}="),
        api_id in re("[a-z0-9]{10}"),
        stage in word(),
        region in region(),
        extras in extras(),
    ) -> Value {
        let mut builder = WebsocketEvent::builder()
            .route_key(route_key.clone())
            .connection_id(connection_id)
            .api_id(api_id)
            .stage(stage)
            .region(region);
        let message = route_key != "$connect" && route_key != "$disconnect";
        if let (true, Some(body)) = (message, body) {
            builder = builder.body(body);
        }
        let mut event = builder.build().to_dict();
        if let Some(top) = top_mut(&mut event) {
            add_extras(top, extras);
        }
        event
    }
}

/// A [`WebsocketEvent`] read from [`websocket_event_json`].
pub fn websocket_event() -> impl Strategy<Value = WebsocketEvent> {
    websocket_event_json().prop_map(parse::<WebsocketEvent>)
}
