<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>TodayScreen</name>
    <message>
        <location filename="../../counterdesk/ui/today.py" line="66" />
        <source>This month's indicators</source>
        <translation>Chỉ số tháng này</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/today.py" line="69" />
        <source>Finished on time</source>
        <translation>Giải quyết đúng hạn</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/today.py" line="70" />
        <source>Digitized at intake</source>
        <translation>Số hóa khi tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/today.py" line="71" />
        <source>Results returned electronically</source>
        <translation>Trả kết quả điện tử</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/today.py" line="72" />
        <source>Fees paid online</source>
        <translation>Thanh toán trực tuyến</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/today.py" line="82" />
        <source>Dossier code</source>
        <translation>Mã hồ sơ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/today.py" line="83" />
        <source>Citizen</source>
        <translation>Công dân</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/today.py" line="84" />
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/today.py" line="85" />
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/today.py" line="86" />
        <source>Due</source>
        <translation>Hạn trả</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/today.py" line="102" />
        <source>Loading today's queue</source>
        <translation>Đang tải danh sách hôm nay</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/today.py" line="131" />
        <source>Received today: %n</source>
        <translation>
            <numerusform>Tiếp nhận hôm nay: %n</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/today.py" line="132" />
        <source>Finished today: %n</source>
        <translation>
            <numerusform>Giải quyết hôm nay: %n</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/today.py" line="133" />
        <source>Late: %n</source>
        <translation>
            <numerusform>Quá hạn: %n</numerusform></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/today.py" line="137" />
        <source>Received</source>
        <translation>Đã tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/today.py" line="138" />
        <source>In progress</source>
        <translation>Đang giải quyết</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/today.py" line="139" />
        <source>Supplement requested</source>
        <translation>Chờ bổ sung</translation>
    </message>
</context>
</TS>