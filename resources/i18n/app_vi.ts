<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>Desktop</name>
    <message>
        <location filename="../../counterdesk/ui/app.py" line="54" />
        <source>Preparing the demo office</source>
        <translation>Đang chuẩn bị văn phòng demo</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/app.py" line="59" />
        <source>Opening the data folder</source>
        <translation>Đang mở thư mục dữ liệu</translation>
    </message>
</context>
</TS>