<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>VerifyScreen</name>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="138" />
        <source>Electronic copy (signed PDF)</source>
        <translation>Bản sao điện tử (PDF ký số)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="140" />
        <source>Open an electronic copy…</source>
        <translation>Mở bản sao điện tử…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="152" />
        <source>Paper copy (QR code on its last page)</source>
        <translation>Bản sao giấy (mã QR ở trang cuối)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="128" />
        <source>Copies certified by any commune can be checked here: the signature, who signed, and whether the file was changed since.

An electronic copy: open it (Ctrl+O) or drop its PDF file here. A paper copy: a scan or photo of its last page, with the QR code (Ctrl+I).</source>
        <translation>Kiểm tra được bản sao do bất kỳ xã nào chứng thực: chữ ký số, người ký, và tệp có bị sửa sau khi ký không.

Bản sao điện tử: mở tệp (Ctrl+O) hoặc kéo thả tệp PDF vào đây. Bản sao giấy: ảnh quét hoặc ảnh chụp trang cuối, có mã QR (Ctrl+I).</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="144" />
        <source>…or drop its PDF file on this screen.</source>
        <translation>…hoặc kéo thả tệp PDF vào màn hình này.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="155" />
        <source>Scan or photo of the last page…</source>
        <translation>Ảnh quét, ảnh chụp trang cuối…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="164" />
        <source>Also compare its electronic copy…</source>
        <translation>So sánh thêm với bản sao điện tử…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="171" />
        <source>Do not compare</source>
        <translation>Không so sánh</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="214" />
        <source>Why</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="220" />
        <source>Signatures</source>
        <translation>Chữ ký số</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="225" />
        <source>Signer</source>
        <translation>Người ký</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="226" />
        <source>Organisation</source>
        <translation>Cơ quan, tổ chức</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="227" />
        <source>Signed at</source>
        <translation>Thời điểm ký</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="228" />
        <source>Level</source>
        <translation>Mức</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="229" />
        <source>Trusted</source>
        <translation>Tin cậy</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="230" />
        <source>Revocation checked</source>
        <translation>Kiểm tra thu hồi</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="231" />
        <source>Time-stamped</source>
        <translation>Dấu thời gian</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="243" />
        <source>Certification</source>
        <translation>Chứng thực</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="250" />
        <location filename="../../counterdesk/ui/verify.py" line="274" />
        <source>Book entry</source>
        <translation>Số chứng thực</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="251" />
        <source>Dossier code</source>
        <translation>Mã hồ sơ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="252" />
        <source>Office</source>
        <translation>Cơ quan chứng thực</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="253" />
        <location filename="../../counterdesk/ui/verify.py" line="276" />
        <source>In our book</source>
        <translation>Trong sổ của xã</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="264" />
        <source>What the QR code says</source>
        <translation>Nội dung mã QR</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="273" />
        <source>Office code</source>
        <translation>Mã cơ quan</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="275" />
        <source>E-copy fingerprint (SHA-256)</source>
        <translation>Dấu vân tay bản sao điện tử (SHA-256)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="277" />
        <source>E-copy in our records</source>
        <translation>Bản sao điện tử trong hồ sơ của xã</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="278" />
        <source>E-copy file brought</source>
        <translation>Tệp bản sao điện tử công dân mang đến</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="315" />
        <source>PDF files (*.pdf);;All files (*)</source>
        <translation>Tệp PDF (*.pdf);;Mọi tệp (*)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="320" />
        <source>Electronic copy to check</source>
        <translation>Bản sao điện tử cần kiểm tra</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="325" />
        <source>Checking %1…</source>
        <translation>Đang kiểm tra %1…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="329" />
        <source>Checking the electronic copy</source>
        <translation>Đang kiểm tra bản sao điện tử</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="341" />
        <source>Nothing was checked: %1</source>
        <translation>Chưa kiểm tra được: %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="342" />
        <source>This copy cannot be checked</source>
        <translation>Không kiểm tra được bản sao này</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="350" />
        <source>✔ VALID — unchanged since it was signed, by a trusted signer</source>
        <translation>✔ HỢP LỆ — không bị sửa từ khi ký, người ký được tin cậy</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="351" />
        <source>✖ NOT VALID — do not accept this copy</source>
        <translation>✖ KHÔNG HỢP LỆ — không tiếp nhận bản sao này</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="353" />
        <source>⚠ COULD NOT BE CONFIRMED — do not accept it as proof until it can be checked</source>
        <translation>⚠ CHƯA XÁC NHẬN ĐƯỢC — chưa dùng làm căn cứ cho đến khi kiểm tra được</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="357" />
        <source>File: %1</source>
        <translation>Tệp: %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="368" />
        <source>Yes — recorded in our certification book</source>
        <translation>Có — đã ghi trong sổ chứng thực của xã</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="371" />
        <source>No — our book has no such entry, although the code is ours</source>
        <translation>Không — sổ của xã không có số chứng thực này, dù mã hồ sơ là của xã</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="375" />
        <source>Another office's copy: only that office's book can confirm the entry</source>
        <translation>Bản sao của cơ quan khác: chỉ sổ của cơ quan đó xác nhận được</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="415" />
        <source>Scan or photo of the paper copy's last page</source>
        <translation>Ảnh quét hoặc ảnh chụp trang cuối của bản sao giấy</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="417" />
        <source>Images (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.webp);;All files (*)</source>
        <translation>Ảnh (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.webp);;Mọi tệp (*)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="430" />
        <source>The electronic copy given with the paper copy</source>
        <translation>Bản sao điện tử đi kèm bản sao giấy</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="446" />
        <source>Image: %1</source>
        <translation>Ảnh: %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="448" />
        <source>No image chosen yet.</source>
        <translation>Chưa chọn ảnh.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="451" />
        <source>Compared with the electronic copy %1</source>
        <translation>So sánh với bản sao điện tử %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="453" />
        <source>Optional: the electronic copy the citizen also brought.</source>
        <translation>Không bắt buộc: bản sao điện tử công dân mang theo.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="461" />
        <source>Reading the QR code in %1…</source>
        <translation>Đang đọc mã QR trong %1…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="465" />
        <source>Checking the paper copy</source>
        <translation>Đang kiểm tra bản sao giấy</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="477" />
        <source>✔ MATCHES OUR BOOK — certified here, and its electronic copy is on record</source>
        <translation>✔ KHỚP VỚI SỔ — do xã chứng thực, bản sao điện tử có trong hồ sơ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="480" />
        <source>✖ NO MATCH — not in our book, or its electronic copy has another fingerprint</source>
        <translation>✖ KHÔNG KHỚP — không có trong sổ, hoặc bản sao điện tử có dấu vân tay khác</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="483" />
        <source>⚠ CERTIFIED BY ANOTHER OFFICE (%1) — only that office's book can confirm it</source>
        <translation>⚠ DO CƠ QUAN KHÁC CHỨNG THỰC (%1) — chỉ sổ của cơ quan đó xác nhận được</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="486" />
        <source>✖ THE ELECTRONIC COPY DIFFERS — it is not the one this paper copy was certified with</source>
        <translation>✖ BẢN SAO ĐIỆN TỬ KHÁC — không phải bản được chứng thực cùng bản sao giấy này</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="498" />
        <source>Another office's copy: ask that office</source>
        <translation>Bản sao của cơ quan khác: hỏi cơ quan đó</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="502" />
        <source>Not given</source>
        <translation>Không có</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="505" />
        <source>%1: the same fingerprint — it is this paper copy's electronic copy</source>
        <translation>%1: cùng dấu vân tay — đúng là bản sao điện tử của bản sao giấy này</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="509" />
        <source>%1: another fingerprint — NOT this paper copy's electronic copy</source>
        <translation>%1: dấu vân tay khác — KHÔNG phải bản sao điện tử của bản sao giấy này</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="535" />
        <source>Yes</source>
        <translation>Có</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="535" />
        <source>No</source>
        <translation>Không</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="551" />
        <source>an unnamed signer</source>
        <translation>người ký không rõ tên</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="554" />
        <source>an unknown time</source>
        <translation>thời điểm không rõ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="565" />
        <source>The signature of %1 is damaged and cannot be checked.</source>
        <translation>Chữ ký số của %1 bị hỏng, không kiểm tra được.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="571" />
        <source>The signature of %1 does not match the file: it was changed after signing.</source>
        <translation>Chữ ký số của %1 không khớp với tệp: tệp đã bị sửa sau khi ký.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="578" />
        <source>The file was changed after %1 signed it (more than validation data added).</source>
        <translation>Tệp đã bị sửa sau khi %1 ký (không chỉ thêm dữ liệu xác thực).</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="583" />
        <source>The time-stamp on the signature of %1 is not from a trusted authority.</source>
        <translation>Dấu thời gian trên chữ ký số của %1 không do tổ chức tin cậy cấp.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="589" />
        <source>Signed by %1 at %2 (time-stamped); unchanged since; the certificate is trusted and not revoked (PAdES %3).</source>
        <translation>%1 ký lúc %2 (có dấu thời gian); không bị sửa từ đó; chứng thư số tin cậy và không bị thu hồi (PAdES %3).</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="598" />
        <source>Signed by %1 at %2 (as claimed by the signer's computer); unchanged since; the certificate is trusted and not revoked (PAdES %3).</source>
        <translation>%1 ký lúc %2 (theo giờ máy tính của người ký); không bị sửa từ đó; chứng thư số tin cậy và không bị thu hồi (PAdES %3).</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="604" />
        <source>The certificate of %1 was revoked by its CA on %2.</source>
        <translation>Chứng thư số của %1 đã bị tổ chức cấp (CA) thu hồi ngày %2.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="608" />
        <source>The certificate of %1 was revoked by its CA.</source>
        <translation>Chứng thư số của %1 đã bị tổ chức cấp (CA) thu hồi.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="612" />
        <source>The certificate of %1 is not acceptable (%2).</source>
        <translation>Chứng thư số của %1 không được chấp nhận (%2).</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="618" />
        <source>The certificate of %1 does not chain to a trusted root certificate; who signed cannot be confirmed.</source>
        <translation>Chứng thư số của %1 không dẫn về chứng thư số gốc tin cậy nào; chưa xác nhận được người ký.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="626" />
        <source>Whether the certificate of %1 was revoked cannot be confirmed: the file holds no revocation data and the CA could not be asked.</source>
        <translation>Chưa xác nhận được chứng thư số của %1 có bị thu hồi hay không: tệp không có dữ liệu thu hồi và không hỏi được tổ chức cấp (CA).</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="632" />
        <source>A document time-stamp is damaged and cannot be checked.</source>
        <translation>Một dấu thời gian của tài liệu bị hỏng, không kiểm tra được.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="638" />
        <source>A document time-stamp does not match the file: it was changed after time-stamping.</source>
        <translation>Một dấu thời gian của tài liệu không khớp với tệp: tệp đã bị sửa sau khi gắn dấu thời gian.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="644" />
        <source>The file was changed after a document time-stamp was added.</source>
        <translation>Tệp đã bị sửa sau khi gắn dấu thời gian của tài liệu.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="649" />
        <source>A document time-stamp does not come from a trusted time-stamping authority.</source>
        <translation>Một dấu thời gian của tài liệu không do tổ chức cấp dấu thời gian tin cậy cấp.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="656" />
        <source>The file is damaged and cannot be read as a PDF (%1). It carried a signature: it was changed after signing.</source>
        <translation>Tệp bị hỏng, không đọc được như tệp PDF (%1). Tệp có chữ ký số: đã bị sửa sau khi ký.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="662" />
        <source>The file is damaged and cannot be read as a PDF (%1).</source>
        <translation>Tệp bị hỏng, không đọc được như tệp PDF (%1).</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/verify.py" line="666" />
        <source>The file carries no signature: it is not an electronic copy.</source>
        <translation>Tệp không có chữ ký số: không phải bản sao điện tử.</translation>
    </message>
</context>
</TS>