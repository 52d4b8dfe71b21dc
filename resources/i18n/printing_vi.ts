<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>PrintJob</name>
    <message>
        <location filename="../../counterdesk/ui/printing.py" line="190"/>
        <source>Preparing the pages to print</source>
        <translation>Đang chuẩn bị các trang để in</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/printing.py" line="204"/>
        <source>No printer is installed on this computer. Print to a PDF file and print that file from another computer.</source>
        <translation>Máy tính này chưa cài máy in. Hãy in ra tệp PDF rồi in tệp đó từ máy tính khác.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/printing.py" line="207"/>
        <source>There is no printer named %1 on this computer.</source>
        <translation>Máy tính này không có máy in tên %1.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/printing.py" line="209"/>
        <source>The printer %1 did not accept the job. Check that it is switched on, connected and has paper, then print again.</source>
        <translation>Máy in %1 không nhận lệnh in. Hãy kiểm tra máy in đã bật, đã kết nối và còn giấy, rồi in lại.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/printing.py" line="213"/>
        <source>%1 could not be written. Check that the folder exists and the disk or USB stick is not full or write-protected.</source>
        <translation>Không ghi được %1. Hãy kiểm tra thư mục có tồn tại và ổ đĩa hoặc USB không bị đầy hay bị khóa ghi.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/printing.py" line="216"/>
        <source>Printing stopped because of an unexpected error; see the log file.</source>
        <translation>Việc in bị dừng do một lỗi không lường trước; xem tệp nhật ký.</translation>
    </message>
</context>
<context>
    <name>PrintPreview</name>
    <message>
        <location filename="../../counterdesk/ui/printing.py" line="368"/>
        <source>Preparing the print preview</source>
        <translation>Đang chuẩn bị xem trước bản in</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/printing.py" line="379"/>
        <source>Print preview — %1</source>
        <translation>Xem trước bản in — %1</translation>
    </message>
</context>
</TS>
