<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../counterdesk/ui/setup_dialog.py" line="27" />
        <source>Set up this office</source>
        <translation>Thiết lập cơ quan</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup_dialog.py" line="29" />
        <source>This data folder has no office yet. Enter its details.</source>
        <translation>Thư mục dữ liệu này chưa có cơ quan. Hãy nhập thông tin cơ quan.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup_dialog.py" line="38" />
        <source>Agency code</source>
        <translation>Mã cơ quan</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup_dialog.py" line="39" />
        <source>Office name</source>
        <translation>Tên cơ quan</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup_dialog.py" line="40" />
        <source>Commune</source>
        <translation>Xã/phường</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup_dialog.py" line="41" />
        <source>Province</source>
        <translation>Tỉnh/thành phố</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup_dialog.py" line="44" />
        <source>Browse…</source>
        <translation>Chọn tệp…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup_dialog.py" line="49" />
        <source>Signer's certificate (.p12)</source>
        <translation>Chứng thư số người ký (.p12)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup_dialog.py" line="52" />
        <source>Certificate password</source>
        <translation>Mật khẩu chứng thư số</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup_dialog.py" line="55" />
        <source>Signer's name (TEST signer)</source>
        <translation>Họ tên người ký (người ký THỬ)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup_dialog.py" line="56" />
        <source>No certificate yet: make a TEST signer for training</source>
        <translation>Chưa có chứng thư số: tạo người ký THỬ để tập huấn</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup_dialog.py" line="66" />
        <source>Set up</source>
        <translation>Thiết lập</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup_dialog.py" line="73" />
        <source>Signer's certificate</source>
        <translation>Chứng thư số người ký</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup_dialog.py" line="95" />
        <source>Setting up</source>
        <translation>Đang thiết lập</translation>
    </message>
</context>
</TS>