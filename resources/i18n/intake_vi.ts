<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>IntakeScreen</name>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="577"/>
        <source>Receive a dossier</source>
        <translation>Tiếp nhận hồ sơ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="599"/>
        <source>Save and print slip</source>
        <translation>Lưu và in giấy tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="601"/>
        <source>New dossier</source>
        <translation>Hồ sơ mới</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="622"/>
        <source>Citizen</source>
        <translation>Công dân</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="626"/>
        <source>Full name; a returning citizen is suggested</source>
        <translation>Họ và tên; công dân đã từng nộp hồ sơ sẽ được gợi ý</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="630"/>
        <source>12-digit citizen ID number</source>
        <translation>Số định danh cá nhân, 12 chữ số</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="632"/>
        <source>Read ID card QR…</source>
        <translation>Đọc mã QR trên thẻ căn cước…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="636"/>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="637"/>
        <source>ID number</source>
        <translation>Số định danh</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="658"/>
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="666"/>
        <source>Type part of the name or code, then choose</source>
        <translation>Gõ một phần tên hoặc mã thủ tục rồi chọn</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="680"/>
        <source>Submitted online (on the public service portal)</source>
        <translation>Nộp trực tuyến (trên Cổng Dịch vụ công)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="681"/>
        <source>The procedure can be done fully online</source>
        <translation>Thủ tục thực hiện được trực tuyến toàn trình</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="689"/>
        <source>Documents handed in</source>
        <translation>Giấy tờ công dân nộp</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="695"/>
        <source>One per line, or separated by commas, e.g. Tờ khai, Giấy khai sinh</source>
        <translation>Mỗi dòng một giấy tờ, hoặc cách nhau bằng dấu phẩy, ví dụ: Tờ khai, Giấy khai sinh</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="703"/>
        <source>Dossier received</source>
        <translation>Đã tiếp nhận hồ sơ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="715"/>
        <source>Receipt and appointment slip:</source>
        <translation>Giấy tiếp nhận và hẹn trả kết quả:</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="728"/>
        <source>Print the slip again</source>
        <translation>In lại giấy tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="730"/>
        <source>Certify copies of these originals</source>
        <translation>Chứng thực bản sao từ các bản chính này</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="759"/>
        <source>Scanned pages</source>
        <translation>Các trang đã quét</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="764"/>
        <source>No pages yet. Add the scans or photos of the documents handed in with Ctrl+O, or drop the files here.</source>
        <translation>Chưa có trang nào. Thêm bản quét hoặc ảnh chụp giấy tờ công dân nộp bằng Ctrl+O, hoặc kéo thả tệp vào đây.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="767"/>
        <source>Add pages…</source>
        <translation>Thêm trang…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="769"/>
        <source>Replace page…</source>
        <translation>Thay trang…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="771"/>
        <source>Turn right</source>
        <translation>Xoay phải</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="772"/>
        <source>Move earlier</source>
        <translation>Đưa lên trước</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="773"/>
        <source>Move later</source>
        <translation>Đưa ra sau</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="776"/>
        <source>Delete page</source>
        <translation>Xóa trang</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="833"/>
        <source>Loading the procedure catalog</source>
        <translation>Đang tải danh mục thủ tục</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="894"/>
        <source>This cannot be done</source>
        <translation>Không thực hiện được</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="909"/>
        <source>Looking up returning citizens</source>
        <translation>Đang tìm công dân đã từng nộp hồ sơ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="933"/>
        <source>Returning citizen: details from an earlier dossier.</source>
        <translation>Công dân đã từng nộp hồ sơ: thông tin lấy từ hồ sơ trước.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="939"/>
        <source>Photo or scan of the ID card&apos;s back</source>
        <translation>Ảnh chụp hoặc bản quét mặt sau thẻ căn cước</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="941"/>
        <source>Images (*.jpg *.jpeg *.png *.tif *.tiff)</source>
        <translation>Ảnh (*.jpg *.jpeg *.png *.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="955"/>
        <source>Reading the ID card&apos;s QR code…</source>
        <translation>Đang đọc mã QR trên thẻ căn cước…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="960"/>
        <source>Reading the ID card</source>
        <translation>Đang đọc thẻ căn cước</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="972"/>
        <source>Born %1 · %2 · %3</source>
        <translation>Sinh ngày %1 · %2 · %3</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="978"/>
        <source>The ID card was read; check the details against the card.</source>
        <translation>Đã đọc thẻ căn cước; hãy đối chiếu thông tin với thẻ.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="989"/>
        <source>Scans, photos and PDF files (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)</source>
        <translation>Bản quét, ảnh chụp và tệp PDF (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1000"/>
        <source>Add pages</source>
        <translation>Thêm trang</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1008"/>
        <source>Select the page to replace first.</source>
        <translation>Hãy chọn trang cần thay trước.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1010"/>
        <source>Replace page</source>
        <translation>Thay trang</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1024"/>
        <source>Reading %1</source>
        <translation>Đang đọc %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1094"/>
        <source>%1, page %2 of %3</source>
        <translation>%1, trang %2/%3</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1103"/>
        <source>Blank?</source>
        <translation>Trang trắng?</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1104"/>
        <source>Blurred</source>
        <translation>Bị mờ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1105"/>
        <source>Cut off</source>
        <translation>Bị cắt mép</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1106"/>
        <source>Too dark</source>
        <translation>Quá tối</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1107"/>
        <source>Low resolution</source>
        <translation>Độ phân giải thấp</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1108"/>
        <source>Page edges not found</source>
        <translation>Không thấy mép trang</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1109"/>
        <source>Duplicate</source>
        <translation>Trùng lặp</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1110"/>
        <source>Scan interrupted</source>
        <translation>Quét bị gián đoạn</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1111"/>
        <source>No text layer</source>
        <translation>Chưa có lớp chữ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1121"/>
        <source>Page %1 of %2</source>
        <translation>Trang %1/%2</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1125"/>
        <source>turned %1°</source>
        <translation>đã xoay %1°</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1129"/>
        <source>No quality problem found.</source>
        <translation>Không thấy vấn đề về chất lượng ảnh.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/intake.py" line="1135"/>
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n trang</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/intake.py" line="1137"/>
        <source>%n with warnings</source>
        <translation>
            <numerusform>%n trang có cảnh báo</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/intake.py" line="1139"/>
        <source>reading %n file(s)…</source>
        <translation>
            <numerusform>đang đọc %n tệp…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1198"/>
        <source>Wait until every added file has been read.</source>
        <translation>Hãy chờ đọc xong các tệp vừa thêm.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1211"/>
        <source>Choose the procedure from the list.</source>
        <translation>Hãy chọn thủ tục trong danh sách.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/intake.py" line="1234"/>
        <source>Saving the dossier and digitizing %n page(s)…</source>
        <translation>
            <numerusform>Đang lưu hồ sơ và số hóa %n trang…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1236"/>
        <source>Saving the dossier…</source>
        <translation>Đang lưu hồ sơ…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1242"/>
        <source>Receiving the dossier</source>
        <translation>Đang tiếp nhận hồ sơ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1276"/>
        <source>Dossier %1 received.</source>
        <translation>Đã tiếp nhận hồ sơ %1.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1283"/>
        <source>Dossier %1 is received and its slip made, but its pages were not stored: %2 Correct the pages and save again to add them to this dossier.</source>
        <translation>Hồ sơ %1 đã được tiếp nhận và đã có giấy tiếp nhận, nhưng các trang chưa được lưu: %2 Hãy sửa các trang rồi lưu lại để bổ sung vào hồ sơ này.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1291"/>
        <source>The pages were not stored</source>
        <translation>Các trang chưa được lưu</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1302"/>
        <source>Citizen: %1 (%2)</source>
        <translation>Công dân: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1303"/>
        <source>Procedure: %1</source>
        <translation>Thủ tục: %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1305"/>
        <source>Documents handed in: %1</source>
        <translation>Giấy tờ đã nộp: %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1306"/>
        <source>none listed</source>
        <translation>không ghi</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1308"/>
        <source>Results due: %1</source>
        <translation>Hẹn trả kết quả: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/intake.py" line="1317"/>
        <source>Digitized document no. %1, %n page(s):</source>
        <translation>
            <numerusform>Tài liệu số hóa số %1, %n trang:</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1352"/>
        <source>This desk prints to PDF files: print the slip from its file above.</source>
        <translation>Máy này in ra tệp PDF: hãy in giấy tiếp nhận từ tệp ở trên.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1324"/>
        <source>No pages were scanned for this dossier.</source>
        <translation>Hồ sơ này không có trang nào được quét.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1326"/>
        <source>The pages are not stored yet.</source>
        <translation>Các trang chưa được lưu.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1333"/>
        <source>Page %1: %2</source>
        <translation>Trang %1: %2</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1355"/>
        <source>Printing the slip…</source>
        <translation>Đang in giấy tiếp nhận…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/intake.py" line="1360"/>
        <source>Slip printed: %n page(s) sent to the printer.</source>
        <translation>
            <numerusform>Đã in giấy tiếp nhận: %n trang đã gửi tới máy in.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1367"/>
        <source>Printing cancelled.</source>
        <translation>Đã hủy lệnh in.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1369"/>
        <source>The slip was not printed.</source>
        <translation>Giấy tiếp nhận chưa được in.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1370"/>
        <source>Printing failed</source>
        <translation>In không thành công</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1412"/>
        <source>Start a new dossier?</source>
        <translation>Bắt đầu hồ sơ mới?</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/intake.py" line="1413"/>
        <source>What was typed and the pages added for this dossier will be discarded.</source>
        <translation>Những gì đã nhập và các trang đã thêm cho hồ sơ này sẽ bị bỏ đi.</translation>
    </message>
</context>
</TS>
