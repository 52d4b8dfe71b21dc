<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>CertifyScreen</name>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="177"/>
        <source>Certify copies from the original</source>
        <translation>Chứng thực bản sao từ bản chính</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="188"/>
        <source>Full name, as on the ID card</source>
        <translation>Họ và tên, như trên thẻ căn cước</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="192"/>
        <source>12-digit citizen ID or passport number</source>
        <translation>Số định danh cá nhân (12 số) hoặc số hộ chiếu</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="196"/>
        <source>e.g. Birth certificate</source>
        <translation>Ví dụ: Giấy khai sinh</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="197"/>
        <source>Citizen&apos;s name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="198"/>
        <source>ID number</source>
        <translation>Số định danh</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="199"/>
        <source>Document</source>
        <translation>Giấy tờ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="204"/>
        <source>Add scanned pages…</source>
        <translation>Thêm trang đã quét…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="207"/>
        <source>Remove the pages</source>
        <translation>Bỏ các trang</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="217"/>
        <source>Original</source>
        <translation>Bản chính</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="224"/>
        <source>Paper copies</source>
        <translation>Bản sao giấy</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="227"/>
        <source>Electronic copy (signed PDF)</source>
        <translation>Bản sao điện tử (PDF ký số)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="236"/>
        <source>Copies</source>
        <translation>Số bản</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="246"/>
        <source>Cash</source>
        <translation>Tiền mặt</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="247"/>
        <source>Bank transfer</source>
        <translation>Chuyển khoản</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="248"/>
        <source>Online public service portal</source>
        <translation>Cổng dịch vụ công trực tuyến</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="252"/>
        <source>Payment</source>
        <translation>Nộp phí</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="255"/>
        <location filename="../../counterdesk/ui/certify.py" line="328"/>
        <source>Fee</source>
        <translation>Phí chứng thực</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="272"/>
        <source>Certify</source>
        <translation>Chứng thực</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="302"/>
        <source>Result</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="325"/>
        <source>Book entry</source>
        <translation>Vào sổ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="326"/>
        <source>Dossier code</source>
        <translation>Mã hồ sơ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="327"/>
        <source>Copies made</source>
        <translation>Đã cấp</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="329"/>
        <source>Receipt no.</source>
        <translation>Số biên lai</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="332"/>
        <source>Print paper copy</source>
        <translation>In bản sao giấy</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="335"/>
        <source>Print receipt</source>
        <translation>In biên lai</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="338"/>
        <source>Save e-copy to USB…</source>
        <translation>Lưu bản điện tử vào USB…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="341"/>
        <source>Show QR</source>
        <translation>Hiện mã QR</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="344"/>
        <source>Mark returned electronically</source>
        <translation>Đã trả bản điện tử</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="347"/>
        <source>Next citizen</source>
        <translation>Người tiếp theo</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="401"/>
        <source>Scanned pages of the original</source>
        <translation>Các trang quét của bản chính</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="403"/>
        <source>Scans (*.jpg *.jpeg *.png *.tif *.tiff *.pdf);;All files (*)</source>
        <translation>Ảnh quét (*.jpg *.jpeg *.png *.tif *.tiff *.pdf);;Mọi tệp (*)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="443"/>
        <source>Reading the original</source>
        <translation>Đang đọc bản chính</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="462"/>
        <source>This original cannot be used</source>
        <translation>Không dùng được bản chính này</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="467"/>
        <source>Digitized document no. %1 (reading…)</source>
        <translation>Tài liệu số hóa số %1 (đang đọc…)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/certify.py" line="469"/>
        <source>Digitized document no. %1: %n page(s)</source>
        <translation>
            <numerusform>Tài liệu số hóa số %1: %n trang</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/certify.py" line="476"/>
        <source>%n file(s), reading…</source>
        <translation>
            <numerusform>%n tệp, đang đọc…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/certify.py" line="478"/>
        <source>%n page(s) scanned</source>
        <translation>
            <numerusform>%n trang đã quét</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="481"/>
        <source>No original yet: add its scanned pages (Ctrl+O).</source>
        <translation>Chưa có bản chính: thêm các trang đã quét (Ctrl+O).</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="499"/>
        <source>Paper copies and one signed electronic copy, under one book number.</source>
        <translation>Bản sao giấy và một bản sao điện tử có ký số, cùng một số chứng thực.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="501"/>
        <source>Paper copies only; no electronic copy.</source>
        <translation>Chỉ cấp bản sao giấy, không cấp bản sao điện tử.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="503"/>
        <source>Electronic copy only: one signed PDF, charged as one copy.</source>
        <translation>Chỉ cấp bản sao điện tử: một tệp PDF có ký số, thu phí như một bản.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="525"/>
        <source>The fee shows once the original&apos;s pages are known.</source>
        <translation>Phí hiện ra khi đã biết số trang của bản chính.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="533"/>
        <source>Working out the fee</source>
        <translation>Đang tính phí</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="556"/>
        <source>Type the citizen&apos;s full name.</source>
        <translation>Nhập họ và tên người yêu cầu.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="557"/>
        <source>Type the citizen&apos;s ID number.</source>
        <translation>Nhập số định danh cá nhân hoặc số hộ chiếu của người yêu cầu.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="558"/>
        <source>Type what the document is, e.g. Birth certificate.</source>
        <translation>Nhập tên giấy tờ, ví dụ: Giấy khai sinh.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="567"/>
        <source>Add the scanned pages of the original first (Ctrl+O).</source>
        <translation>Hãy thêm các trang quét của bản chính trước (Ctrl+O).</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="581"/>
        <source>Certifying: numbering, making and signing the copies…</source>
        <translation>Đang chứng thực: cấp số, tạo và ký số bản sao…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="586"/>
        <source>Certifying copies</source>
        <translation>Đang chứng thực bản sao</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="591"/>
        <source>Not ready to certify</source>
        <translation>Chưa thể chứng thực</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="612"/>
        <source>Certified. Press Ctrl+N for the next citizen.</source>
        <translation>Đã chứng thực. Nhấn Ctrl+N để tiếp người tiếp theo.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="621"/>
        <source>Nothing was certified</source>
        <translation>Chưa chứng thực được</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="649"/>
        <source>Nothing certified yet.</source>
        <translation>Chưa chứng thực bản nào.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/certify.py" line="664"/>
        <source>%n paper copy(ies)</source>
        <translation>
            <numerusform>%n bản sao giấy</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="666"/>
        <source>electronic copy</source>
        <translation>bản sao điện tử</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/certify.py" line="667"/>
        <source>%n page(s) each</source>
        <translation>
            <numerusform>mỗi bản %n trang</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="682"/>
        <source>paper copy %1</source>
        <translation>bản sao giấy %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="689"/>
        <source>receipt %1</source>
        <translation>biên lai %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="695"/>
        <source>This cannot be printed</source>
        <translation>Không in được</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="710"/>
        <source>Printing…</source>
        <translation>Đang in…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/certify.py" line="713"/>
        <source>Printed: %n page(s) sent.</source>
        <translation>
            <numerusform>Đã in xong: %n trang.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="720"/>
        <source>Printing cancelled.</source>
        <translation>Đã hủy lệnh in.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="722"/>
        <source>Printing failed.</source>
        <translation>In không thành công.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="723"/>
        <source>Printing failed</source>
        <translation>In không thành công</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="730"/>
        <source>Save the electronic copy</source>
        <translation>Lưu bản sao điện tử</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="732"/>
        <source>PDF files (*.pdf)</source>
        <translation>Tệp PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="747"/>
        <source>Saving the electronic copy…</source>
        <translation>Đang lưu bản sao điện tử…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="751"/>
        <source>Saving the electronic copy</source>
        <translation>Đang lưu bản sao điện tử</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="756"/>
        <source>The electronic copy could not be saved to %1 (%2).</source>
        <translation>Không lưu được bản sao điện tử vào %1 (%2).</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="758"/>
        <source>Not saved.</source>
        <translation>Chưa lưu được.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="760"/>
        <source>Not saved</source>
        <translation>Chưa lưu được</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="764"/>
        <source>Electronic copy saved and checked: %1</source>
        <translation>Đã lưu và kiểm tra bản sao điện tử: %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="775"/>
        <source>Making the QR code</source>
        <translation>Đang tạo mã QR</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="784"/>
        <source>QR code of the electronic copy</source>
        <translation>Mã QR của bản sao điện tử</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="788"/>
        <source>The citizen scans this code to keep the dossier code, the book entry and the fingerprint (SHA-256) of the electronic copy they were given.</source>
        <translation>Người yêu cầu quét mã này để lưu mã hồ sơ, số chứng thực và mã băm SHA-256 của bản sao điện tử đã nhận, để đối chiếu khi cần.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="824"/>
        <source>Recording the return</source>
        <translation>Đang ghi nhận trả kết quả</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="830"/>
        <source>Dossier %1 is recorded as returned electronically.</source>
        <translation>Đã ghi nhận hồ sơ %1 trả kết quả điện tử.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/certify.py" line="837"/>
        <source>The return was not recorded</source>
        <translation>Chưa ghi nhận được việc trả kết quả</translation>
    </message>
</context>
</TS>
