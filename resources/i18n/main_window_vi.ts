<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="99" />
        <source>CounterDesk — one-stop counter</source>
        <translation>CounterDesk — bộ phận một cửa</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="111" />
        <source>Today</source>
        <translation>Hôm nay</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="112" />
        <source>Receive</source>
        <translation>Tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="113" />
        <source>Certify</source>
        <translation>Chứng thực</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="114" />
        <source>Search</source>
        <translation>Tra cứu</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="116" />
        <source>Verify</source>
        <translation>Kiểm tra</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="117" />
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="122" />
        <source>DEMO — training office, nothing here is real</source>
        <translation>DEMO — văn phòng tập huấn, dữ liệu không có giá trị thật</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="183" />
        <source>clerk</source>
        <translation>cán bộ tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="183" />
        <source>signer</source>
        <translation>người ký</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="183" />
        <source>admin</source>
        <translation>quản trị</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="222" />
        <source>Time-stamping e-copies</source>
        <translation>Đang cấp dấu thời gian cho bản sao điện tử</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/main_window.py" line="245" />
        <source>%n e-copy(ies) waiting for a time-stamp</source>
        <translation>
            <numerusform>%n bản sao điện tử chờ cấp dấu thời gian</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="249" />
        <source>They get their time-stamp and revocation data (long-term validation) once the services answer; the desk tries every %1 minutes.</source>
        <translation>Các bản sao này được bổ sung dấu thời gian và dữ liệu thu hồi (xác thực dài hạn) khi các dịch vụ trả lời; bàn làm việc thử lại mỗi %1 phút.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="254" />
        <source>No time-stamping service is set: an admin sets it in Settings, Signing tab.</source>
        <translation>Chưa đặt dịch vụ cấp dấu thời gian: quản trị viên đặt trong Cài đặt, thẻ Ký số.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/main_window.py" line="288" />
        <source>This cannot be done</source>
        <translation>Không thực hiện được</translation>
    </message>
</context>
</TS>