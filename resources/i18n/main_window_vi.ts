<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="33" />
        <source>CounterDesk — one-stop counter</source>
        <translation>CounterDesk — bộ phận một cửa</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="42" />
        <source>Today</source>
        <translation>Hôm nay</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="43" />
        <source>Receive</source>
        <translation>Tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="44" />
        <source>Certify</source>
        <translation>Chứng thực</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="45" />
        <source>Search</source>
        <translation>Tra cứu</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="46" />
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="51" />
        <source>DEMO — training office, nothing here is real</source>
        <translation>DEMO — văn phòng tập huấn, dữ liệu không có giá trị thật</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="103" />
        <source>clerk</source>
        <translation>cán bộ tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="103" />
        <source>signer</source>
        <translation>người ký</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="103" />
        <source>admin</source>
        <translation>quản trị</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="135" />
        <source>This cannot be done</source>
        <translation>Không thực hiện được</translation>
    </message>
</context>
</TS>