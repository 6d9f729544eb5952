//! Port-in documents (LOAs) byte for byte, toll-free port-ins waiting for
//! one, drafts, notes and history, and the activation of triggered ports.

use reqwest::StatusCode;

use crate::helpers::{ACCOUNT, PASSWORD, Reply, TestApp, USER, last_segment};
use crate::orders::site_and_peer;
use crate::portins::{
    assert_codes, create, foc_in, get, lnp_order, now, numbers, portins, tn_status, wait_for,
};

/// Sends raw bytes with a content type (and optional extra header).
async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    content_type: &str,
    bytes: Vec<u8>,
    header: Option<(&str, &str)>,
) -> Reply {
    let mut req = app
        .client
        .request(method, app.url(path))
        .basic_auth(USER, Some(PASSWORD))
        .header("Content-Type", content_type)
        .body(bytes);
    if let Some((k, v)) = header {
        req = req.header(k, v);
    }
    let r = req.send().await.unwrap();
    Reply {
        status: r.status(),
        headers: r.headers().clone(),
        body: r.text().await.unwrap(),
    }
}

/// Downloads a document: its bytes and content type.
async fn download(app: &TestApp, path: &str) -> (StatusCode, Vec<u8>, String) {
    let r = app
        .client
        .get(app.url(path))
        .basic_auth(USER, Some(PASSWORD))
        .send()
        .await
        .unwrap();
    let status = r.status();
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, r.bytes().await.unwrap().to_vec(), ct)
}

async fn upload(app: &TestApp, id: &str, content_type: &str, bytes: Vec<u8>, query: &str) -> Reply {
    send(
        app,
        reqwest::Method::POST,
        &format!("{}/{id}/loas{query}", portins()),
        content_type,
        bytes,
        None,
    )
    .await
}

#[tokio::test]
async fn documents_are_stored_byte_for_byte_with_their_metadata() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let (id, _) = create(&app, &lnp_order(&site, &numbers("919207", 6100, 1), "")).await;
    let loas = format!("{}/{id}/loas", portins());
    let none = app.get(&loas).await;
    assert!(none.body.ends_with("<fileListResponse><fileCount>0</fileCount><resultCode>0</resultCode><resultMessage>No LOA files found for the order</resultMessage></fileListResponse>"), "{}", none.body);

    let pdf: Vec<u8> = (0..=255u8).cycle().take(5_000).collect();
    let r = upload(&app, &id, "application/pdf", pdf.clone(), "").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let name = r.text_of("filename").unwrap();
    assert!(
        name.starts_with(&format!("{id}-")) && name.ends_with(".pdf"),
        "{name}"
    );
    assert_eq!(last_segment(r.header("location")), name);
    assert!(r.body.ends_with(&format!("<resultCode>0</resultCode><resultMessage>LOA file uploaded successfully for order {id}</resultMessage></fileUploadResponse>")), "{}", r.body);
    let (status, bytes, ct) = download(&app, &format!("{loas}/{name}")).await;
    assert_eq!((status, ct.as_str()), (StatusCode::OK, "application/pdf"));
    assert_eq!(bytes, pdf, "byte for byte");

    let r = upload(
        &app,
        &id,
        "image/png",
        b"\x89PNG\r\n".to_vec(),
        "?documentType=invoice",
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let png = r.text_of("filename").unwrap();
    assert!(png.ends_with(".png"));
    let r = app.get(&format!("{loas}?metadata=false")).await;
    assert!(r.body.contains(&format!("<fileListResponse><fileCount>2</fileCount><fileNames>{name}</fileNames><fileNames>{png}</fileNames><resultCode>0</resultCode><resultMessage>LOA file list successfully returned</resultMessage>")), "{}", r.body);
    let r = app.get(&format!("{loas}?metadata=true")).await;
    assert!(r.body.contains(&format!("<fileCount>2</fileCount><fileData><FileName>{name}</FileName><FileMetaData><DocumentType>LOA</DocumentType></FileMetaData></fileData><fileData><FileName>{png}</FileName><FileMetaData><DocumentType>INVOICE</DocumentType></FileMetaData></fileData>")), "{}", r.body);

    // Refused uploads.
    assert_codes_status(
        &upload(
            &app,
            &id,
            "application/pdf",
            b"x".to_vec(),
            "?documentType=PHOTO",
        )
        .await,
        400,
        7639,
    );
    let r = send(
        &app,
        reqwest::Method::POST,
        &loas,
        "application/pdf",
        b"x".to_vec(),
        Some(("documentType", "CSR")),
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::CREATED,
        "the header works too: {}",
        r.body
    );
    let r = send(
        &app,
        reqwest::Method::POST,
        &format!("{loas}?documentType=LOA"),
        "application/pdf",
        b"x".to_vec(),
        Some(("documentType", "CSR")),
    )
    .await;
    assert_codes_status(&r, 409, 7639);
    assert_codes_status(
        &upload(&app, &id, "text/html", b"<p>".to_vec(), "").await,
        400,
        7640,
    );
    assert_codes_status(
        &upload(&app, &id, "application/pdf", Vec::new(), "").await,
        400,
        7640,
    );
    let r = upload(&app, &id, "application/pdf", vec![b'%'; 70 * 1024], "").await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    let r = upload(
        &app,
        "no-such-port-in",
        "application/pdf",
        b"x".to_vec(),
        "",
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);

    // Replace: new bytes and type, same metadata.
    let tiff = b"II*\x00\x08\x00\x00\x00".to_vec();
    let r = send(
        &app,
        reqwest::Method::PUT,
        &format!("{loas}/{name}"),
        "image/tiff",
        tiff.clone(),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.ends_with(&format!("<fileUploadResponse><filename>{name}</filename><resultCode>0</resultCode><resultMessage>LOA file updated successfully for order {id}</resultMessage></fileUploadResponse>")), "{}", r.body);
    let (_, bytes, ct) = download(&app, &format!("{loas}/{name}")).await;
    assert_eq!((bytes, ct.as_str()), (tiff, "image/tiff"));
    let r = send(
        &app,
        reqwest::Method::PUT,
        &format!("{loas}/nope.pdf"),
        "application/pdf",
        b"x".to_vec(),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Metadata.
    let md = format!("{loas}/{name}/metadata");
    assert!(
        app.get(&md)
            .await
            .body
            .ends_with("<FileMetaData><DocumentType>LOA</DocumentType></FileMetaData>")
    );
    let r = app.put(&md, "<FileMetaData><DocumentName>loa.pdf</DocumentName><DocumentType>CSR</DocumentType></FileMetaData>").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(app.get(&md).await.body.ends_with("<FileMetaData><DocumentName>loa.pdf</DocumentName><DocumentType>CSR</DocumentType></FileMetaData>"));
    assert_codes_status(
        &app.put(
            &md,
            "<FileMetaData><DocumentType>SELFIE</DocumentType></FileMetaData>",
        )
        .await,
        400,
        7639,
    );
    let r = app.delete(&md).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(app.get(&md).await.body.ends_with("<FileMetaData/>"));

    // Delete.
    assert_eq!(
        app.delete(&format!("{loas}/{png}")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        download(&app, &format!("{loas}/{png}")).await.0,
        StatusCode::NOT_FOUND
    );
    app.delete(&format!("{loas}/{png}"))
        .await
        .assert_error(404, 1005);
    app.get(&format!("{loas}/{png}/metadata"))
        .await
        .assert_error(404, 1005);

    // The first LOA is in the history.
    let r = app.get(&format!("{}/{id}/history", portins())).await;
    assert!(
        r.body
            .contains("<Difference>LoaDate : &quot;&quot; --&gt; ")
            || r.body.contains("<Difference>LoaDate : \"\" --&gt; "),
        "{}",
        r.body
    );
}

fn assert_codes_status(r: &Reply, status: u16, code: u32) {
    r.assert_error(status, code);
}

#[tokio::test]
async fn a_toll_free_port_in_waits_for_a_pdf_or_tiff_loa() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = numbers("888207", 6200, 2);
    let (id, r) = create(
        &app,
        &lnp_order(&site, &tns, "<TargetRespOrgId>ABC01</TargetRespOrgId>"),
    )
    .await;
    assert_eq!(
        r.text_of("ProcessingStatus").as_deref(),
        Some("PENDING_DOCUMENTS"),
        "{}",
        r.body
    );
    let r = get(&app, &id).await;
    assert_eq!(r.text_of("PortType").as_deref(), Some("MANUAL_TOLLFREE"));
    assert_eq!(r.text_of("TargetRespOrgId").as_deref(), Some("ABC01"));
    assert_eq!(
        tn_status(&app, &tns[0]).await.as_deref(),
        Some("PortInPendingFoc")
    );
    // Time alone changes nothing; nor does a supplement, a text LOA or a PDF
    // that is not an LOA.
    app.advance_clock(30 * 86_400).await;
    let _ = app.hub.run_due_jobs().await;
    let r = app
        .put(
            &format!("{}/{id}", portins()),
            "<LnpOrderSupp><CustomerOrderId>tf</CustomerOrderId></LnpOrderSupp>",
        )
        .await;
    assert_eq!(
        r.text_of("ProcessingStatus").as_deref(),
        Some("PENDING_DOCUMENTS"),
        "{}",
        r.body
    );
    upload(&app, &id, "text/plain", b"I authorize".to_vec(), "").await;
    upload(
        &app,
        &id,
        "application/pdf",
        b"%PDF-1.4".to_vec(),
        "?documentType=OTHER",
    )
    .await;
    assert_eq!(
        get(&app, &id).await.text_of("ProcessingStatus").as_deref(),
        Some("PENDING_DOCUMENTS")
    );
    // A PDF LOA sends it to the carrier.
    let r = upload(&app, &id, "application/pdf", b"%PDF-1.4 LOA".to_vec(), "").await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(
        get(&app, &id).await.text_of("ProcessingStatus").as_deref(),
        Some("SUBMITTED")
    );
    app.advance_clock(3_601).await;
    wait_for(&app, &id, "FOC").await;
    let r = app.get(&format!("{}/{id}/history", portins())).await;
    assert!(
        r.body.starts_with("<?xml")
            && r.body.contains("<Status>PENDING_DOCUMENTS</Status>")
            && r.body.contains("LOA required"),
        "{}",
        r.body
    );

    // Cancelled while waiting for documents: at once.
    let tns = numbers("888207", 6300, 1);
    let (id, _) = create(&app, &lnp_order(&site, &tns, "")).await;
    assert_eq!(
        app.delete(&format!("{}/{id}", portins())).await.status,
        StatusCode::OK
    );
    assert_eq!(
        get(&app, &id).await.text_of("ProcessingStatus").as_deref(),
        Some("CANCELLED")
    );
    assert_eq!(tn_status(&app, &tns[0]).await, None);
}

#[tokio::test]
async fn drafts_hold_nothing_are_submitted_by_put_and_deleted_outright() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = numbers("919207", 6400, 1);
    let list: String = format!(
        "<ListOfPhoneNumbers><PhoneNumber>{}</PhoneNumber></ListOfPhoneNumbers>",
        tns[0]
    );
    let (id, r) = create(&app, &format!("<LnpOrder><SiteId>{site}</SiteId>{list}<ProcessingStatus>DRAFT</ProcessingStatus></LnpOrder>")).await;
    assert_eq!(r.text_of("ProcessingStatus").as_deref(), Some("DRAFT"));
    assert_eq!(
        tn_status(&app, &tns[0]).await,
        None,
        "a draft holds nothing"
    );
    let r = app.get(&format!("{}/{id}/history", portins())).await;
    assert!(r.body.ends_with("<OrderHistoryWrapper><IrisStatus><Code>7710</Code><Description>History is not supported for draft orders</Description></IrisStatus></OrderHistoryWrapper>"), "{}", r.body);
    let path = format!("{}/{id}", portins());
    // Saving more of it keeps it a draft; submitting it incomplete is refused.
    let r = app
        .put(
            &path,
            "<LnpOrderSupp><LoaAuthorizingPerson>Jane Doe</LoaAuthorizingPerson></LnpOrderSupp>",
        )
        .await;
    assert_eq!(
        r.text_of("ProcessingStatus").as_deref(),
        Some("DRAFT"),
        "{}",
        r.body
    );
    let r = app
        .put(
            &path,
            "<LnpOrderSupp><ProcessingStatus>SUBMITTED</ProcessingStatus></LnpOrderSupp>",
        )
        .await;
    assert_codes(&r, 400, &[7103, 7104]);
    // Complete and submitted: it holds its numbers now.
    let full = lnp_order(
        &site,
        &tns,
        "<ProcessingStatus>SUBMITTED</ProcessingStatus>",
    );
    let r = app
        .put(&path, &full.replace("LnpOrder>", "LnpOrderSupp>"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.text_of("ProcessingStatus").as_deref(), Some("SUBMITTED"));
    assert_eq!(
        tn_status(&app, &tns[0]).await.as_deref(),
        Some("PortInPendingFoc")
    );

    // A draft of numbers someone else holds cannot be submitted.
    let (other, _) = create(&app, &format!("<LnpOrder><SiteId>{site}</SiteId>{list}<ProcessingStatus>DRAFT</ProcessingStatus></LnpOrder>")).await;
    let r = app
        .put(
            &format!("{}/{other}", portins()),
            &full.replace("LnpOrder>", "LnpOrderSupp>"),
        )
        .await;
    assert_codes(&r, 400, &[7205]);
    // A draft is deleted outright.
    assert_eq!(
        app.delete(&format!("{}/{other}", portins())).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("{}/{other}", portins())).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn notes_and_history() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let (id, _) = create(&app, &lnp_order(&site, &numbers("919207", 6500, 1), "")).await;
    let notes = format!("{}/{id}/notes", portins());
    assert_eq!(app.get(&notes).await.status, StatusCode::NO_CONTENT);
    let r = app
        .post(
            &notes,
            "<Note><UserId>demo</UserId><Description>first</Description></Note>",
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let note = last_segment(r.header("location"));
    assert!(
        r.header("location")
            .ends_with(&format!("/accounts/{ACCOUNT}/portins/{id}/notes/{note}"))
    );
    assert_eq!(
        app.put(
            &format!("{notes}/{note}"),
            "<Note><Description>changed</Description></Note>"
        )
        .await
        .status,
        StatusCode::OK
    );
    let r = app.get(&notes).await;
    assert!(r.body.contains(&format!("<Note><Id>{note}</Id><UserId>demo</UserId><Description>changed</Description><LastDateModifier>")), "{}", r.body);
    app.post(&notes, "<Note><Description>no user</Description></Note>")
        .await
        .assert_error(400, 12501);
    let r = app.get(&format!("{}/{id}/history", portins())).await;
    assert!(
        r.body.contains("<OrderHistory><OrderDate>")
            && r.body.contains(
                "<Note>Order has been created</Note><Author>demo</Author><Status>SUBMITTED</Status>"
            ),
        "{}",
        r.body
    );
    app.get(&format!("{}/nope/notes", portins()))
        .await
        .assert_error(404, 1005);
}

#[tokio::test]
async fn triggered_ports_are_activated_by_the_customer() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = numbers("919207", 6600, 2);
    let requested = foc_in(&app, 10);
    let (id, _) = create(
        &app,
        &lnp_order(
            &site,
            &tns,
            &format!(
                "<Triggered>true</Triggered><RequestedFocDate>{}</RequestedFocDate>",
                requested.iso()
            ),
        ),
    )
    .await;
    let activation = format!("{}/{id}/activationStatus", portins());
    app.get(&activation).await.assert_error(400, 7342);
    app.advance_clock(3_601).await;
    wait_for(&app, &id, "FOC").await;
    let r = app.get(&activation).await;
    assert!(r.body.ends_with(&format!("<ActivationStatusResponse><ActivationStatus><AutoActivationDate>{}</AutoActivationDate><ActivatedTelephoneNumbersList/><NotYetActivatedTelephoneNumbersList><TelephoneNumber>{}</TelephoneNumber><TelephoneNumber>{}</TelephoneNumber></NotYetActivatedTelephoneNumbersList></ActivationStatus></ActivationStatusResponse>", requested.iso(), tns[0], tns[1])), "{}", r.body);
    let body = |t: tnhub_core::Timestamp| {
        format!(
            "<ActivationStatus><AutoActivationDate>{}</AutoActivationDate></ActivationStatus>",
            t.iso()
        )
    };
    // Not before the FOC date, not more than three days after it.
    app.put(&activation, &body(now(&app)))
        .await
        .assert_error(400, 7342);
    app.put(&activation, &body(requested.plus_millis(4 * 86_400_000)))
        .await
        .assert_error(400, 7342);
    app.put(
        &activation,
        "<ActivationStatus><AutoActivationDate>soon</AutoActivationDate></ActivationStatus>",
    )
    .await
    .assert_error(400, 1004);
    // Moved to a day after the FOC date: the FOC time passes without activation.
    let later = requested.plus_millis(86_400_000);
    let r = app.put(&activation, &body(later)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.text_of("AutoActivationDate"), Some(later.iso()));
    app.advance_clock((requested.millis() - now(&app).millis()) / 1_000 + 60)
        .await;
    let _ = app.hub.run_due_jobs().await;
    assert_eq!(
        get(&app, &id).await.text_of("ProcessingStatus").as_deref(),
        Some("FOC")
    );
    // Activated now, on the FOC date.
    let r = app.put(&activation, &body(now(&app))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(&format!("<ActivatedTelephoneNumbersList><TelephoneNumber>{}</TelephoneNumber><TelephoneNumber>{}</TelephoneNumber></ActivatedTelephoneNumbersList><NotYetActivatedTelephoneNumbersList/>", tns[0], tns[1])), "{}", r.body);
    assert_eq!(
        get(&app, &id).await.text_of("ProcessingStatus").as_deref(),
        Some("COMPLETE")
    );
    assert_eq!(tn_status(&app, &tns[0]).await.as_deref(), Some("Inservice"));
    app.get(&activation).await.assert_error(404, 7348);

    // A port that is not triggered has no activation.
    let (plain, _) = create(&app, &lnp_order(&site, &numbers("919207", 6700, 1), "")).await;
    app.advance_clock(3_601).await;
    wait_for(&app, &plain, "FOC").await;
    app.get(&format!("{}/{plain}/activationStatus", portins()))
        .await
        .assert_error(400, 7342);
}
