<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="36" />
        <source>CounterDesk — one-stop counter</source>
        <translation>CounterDesk — bộ phận một cửa</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="46" />
        <source>Today</source>
        <translation>Hôm nay</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="47" />
        <source>Receive</source>
        <translation>Tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="48" />
        <source>Certify</source>
        <translation>Chứng thực</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="49" />
        <source>Search</source>
        <translation>Tra cứu</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="51" />
        <source>Verify</source>
        <translation>Kiểm tra</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="52" />
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="57" />
        <source>DEMO — training office, nothing here is real</source>
        <translation>DEMO — văn phòng tập huấn, dữ liệu không có giá trị thật</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="110" />
        <source>clerk</source>
        <translation>cán bộ tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="110" />
        <source>signer</source>
        <translation>người ký</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="110" />
        <source>admin</source>
        <translation>quản trị</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="142" />
        <source>This cannot be done</source>
        <translation>Không thực hiện được</translation>
    </message>
</context>
</TS>