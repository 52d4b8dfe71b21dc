<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>SearchScreen</name>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="135"/>
        <source>Code, name, ID number or words of a document (%1)</source>
        <translation>Mã hồ sơ, họ tên, số CCCD hoặc chữ trong giấy tờ (%1)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="142"/>
        <location filename="../../counterdesk/ui/search.py" line="351"/>
        <source>Accents are optional: “nguyen van duc” will do.</source>
        <translation>Không cần gõ dấu: gõ “nguyen van duc” cũng tìm được.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="157"/>
        <source>Pick a result to see its dossier.</source>
        <translation>Chọn một kết quả để xem hồ sơ.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="186"/>
        <location filename="../../counterdesk/ui/search.py" line="365"/>
        <source>Citizen</source>
        <translation>Công dân</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="187"/>
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="188"/>
        <location filename="../../counterdesk/ui/search.py" line="213"/>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="189"/>
        <location filename="../../counterdesk/ui/search.py" line="681"/>
        <source>Received</source>
        <translation>Đã tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="190"/>
        <source>Due</source>
        <translation>Hạn trả</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="191"/>
        <location filename="../../counterdesk/ui/search.py" line="684"/>
        <source>Finished</source>
        <translation>Đã giải quyết</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="192"/>
        <source>Returned</source>
        <translation>Đã trả kết quả</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="208"/>
        <source>Timeline</source>
        <translation>Quá trình xử lý</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="213"/>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="213"/>
        <source>Action</source>
        <translation>Thao tác</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="213"/>
        <source>By</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="213"/>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="225"/>
        <source>Documents</source>
        <translation>Giấy tờ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="231"/>
        <source>Certification book</source>
        <translation>Sổ chứng thực</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="239"/>
        <source>Fee</source>
        <translation>Lệ phí</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="319"/>
        <source>Searching</source>
        <translation>Đang tra cứu</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="354"/>
        <source>Nothing matches “%1”.</source>
        <translation>Không tìm thấy kết quả cho “%1”.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/search.py" line="357"/>
        <source>The first %n results; type more to narrow them.</source>
        <translation>
            <numerusform>%n kết quả đầu tiên; gõ thêm để thu hẹp.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/search.py" line="360"/>
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n kết quả</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="364"/>
        <source>Dossier code</source>
        <translation>Mã hồ sơ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="366"/>
        <source>Document</source>
        <translation>Giấy tờ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="368"/>
        <source>Words in the document</source>
        <translation>Chữ trong giấy tờ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="371"/>
        <source>No dossier</source>
        <translation>Chưa gắn hồ sơ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="419"/>
        <source>Opening the dossier</source>
        <translation>Đang mở hồ sơ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="439"/>
        <source>Drawing the pages</source>
        <translation>Đang hiển thị trang</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="497"/>
        <source>No documents are recorded for this dossier.</source>
        <translation>Hồ sơ này chưa có giấy tờ nào được lưu.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="507"/>
        <source>Certified %1, signed by %2, %3</source>
        <translation>Chứng thực lúc %1, người ký: %2, %3</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="511"/>
        <source>%1 copies; the original has %2 pages</source>
        <translation>%1 bản sao; bản chính có %2 trang</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="522"/>
        <source>%1 — receipt no. %2, %3, %4</source>
        <translation>%1 — biên lai số %2, %3, %4</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="531"/>
        <source>Digitized copy no. %1</source>
        <translation>Bản số hóa số %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="534"/>
        <source>Not linked to a dossier yet</source>
        <translation>Chưa gắn với hồ sơ nào</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="569"/>
        <location filename="../../counterdesk/ui/search.py" line="649"/>
        <source>No picture</source>
        <translation>Không có hình trang</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/search.py" line="597"/>
        <source>Digitized copy no. %1 — %n page(s), made %2</source>
        <translation>
            <numerusform>Bản số hóa số %1 — %n trang, tạo lúc %2</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="603"/>
        <source>The PDF was removed on %1 at the end of the retention period.</source>
        <translation>Tệp PDF đã bị xóa lúc %1 khi hết thời hạn lưu.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="608"/>
        <source>No searchable text layer.</source>
        <translation>Chưa có lớp chữ để tìm kiếm.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/search.py" line="613"/>
        <source>…and %n more warning(s).</source>
        <translation>
            <numerusform>…và %n cảnh báo khác.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="618"/>
        <source>Certified paper copy</source>
        <translation>Bản sao chứng thực giấy</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="619"/>
        <source>Certified electronic copy</source>
        <translation>Bản sao chứng thực điện tử</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="620"/>
        <source>Fee receipt</source>
        <translation>Biên lai thu lệ phí</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/search.py" line="622"/>
        <source>%1 — %n page(s)</source>
        <translation>
            <numerusform>%1 — %n trang</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="664"/>
        <source>Signature cannot be checked: %1</source>
        <translation>Không kiểm tra được chữ ký: %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="666"/>
        <source>Not signed</source>
        <translation>Chưa ký số</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="667"/>
        <source>unknown signer</source>
        <translation>không rõ người ký</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="669"/>
        <source>Signature valid, unchanged since signing (%1)</source>
        <translation>Chữ ký hợp lệ, không bị thay đổi từ khi ký (%1)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="670"/>
        <source>Signature: CHANGED after signing — do not rely on this file (%1)</source>
        <translation>Chữ ký: tệp ĐÃ BỊ THAY ĐỔI sau khi ký — không dùng tệp này (%1)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="676"/>
        <source>Certified copy from the original</source>
        <translation>Chứng thực bản sao từ bản chính</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="682"/>
        <source>In progress</source>
        <translation>Đang giải quyết</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="683"/>
        <source>Supplement requested</source>
        <translation>Chờ bổ sung</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="685"/>
        <source>Returned to the citizen</source>
        <translation>Đã trả kết quả</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="686"/>
        <source>Refused</source>
        <translation>Từ chối</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="687"/>
        <source>Stopped</source>
        <translation>Dừng giải quyết</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="692"/>
        <source>Received</source>
        <comment>action</comment>
        <translation>Tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="693"/>
        <source>Certified</source>
        <translation>Chứng thực</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="694"/>
        <source>Moved forward</source>
        <translation>Chuyển bước tiếp</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="695"/>
        <source>Asked for a supplement</source>
        <translation>Yêu cầu bổ sung</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="696"/>
        <source>Supplement received</source>
        <translation>Nhận hồ sơ bổ sung</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="697"/>
        <source>Refused</source>
        <comment>action</comment>
        <translation>Từ chối</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="698"/>
        <source>Stopped</source>
        <comment>action</comment>
        <translation>Dừng giải quyết</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="699"/>
        <source>Result handed over</source>
        <translation>Trả kết quả</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="700"/>
        <source>Time extended</source>
        <translation>Gia hạn</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="701"/>
        <source>Reported late, new date</source>
        <translation>Báo trễ hạn, hẹn lại</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="706"/>
        <source>late</source>
        <translation>trễ hạn</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="707"/>
        <source>due soon</source>
        <translation>sắp đến hạn</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="708"/>
        <source>finished late</source>
        <translation>giải quyết trễ hạn</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="709"/>
        <source>finished on time</source>
        <translation>giải quyết đúng hạn</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="715"/>
        <source>cash</source>
        <translation>tiền mặt</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="716"/>
        <source>bank transfer</source>
        <translation>chuyển khoản</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="717"/>
        <source>online portal</source>
        <translation>cổng dịch vụ công</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="718"/>
        <source>on paper</source>
        <translation>bản giấy</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="719"/>
        <source>electronically</source>
        <translation>bản điện tử</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/search.py" line="720"/>
        <source>on paper and electronically</source>
        <translation>bản giấy và bản điện tử</translation>
    </message>
</context>
</TS>
