<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>TokenPinDialog</name>
    <message>
        <location filename="../../counterdesk/ui/token_pin.py" line="65" />
        <source>PIN of the USB token</source>
        <translation>Mã PIN của thiết bị ký số (USB token)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/token_pin.py" line="69" />
        <source>Enter the PIN of the USB token “%1”</source>
        <translation>Nhập mã PIN của USB token “%1”</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/token_pin.py" line="75" />
        <source>The signer's key is on this token. The PIN unlocks it until the desk closes; what was asked then continues by itself.</source>
        <translation>Khóa ký của người ký nằm trên thiết bị này. Mã PIN mở khóa thiết bị cho đến khi đóng chương trình; việc đang làm sẽ tự tiếp tục.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/token_pin.py" line="99" />
        <source>Unlock</source>
        <translation>Mở khóa</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/token_pin.py" line="100" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/token_pin.py" line="114" />
        <source>Type the PIN first.</source>
        <translation>Hãy nhập mã PIN trước.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/token_pin.py" line="118" />
        <source>Checking the PIN…</source>
        <translation>Đang kiểm tra mã PIN…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/token_pin.py" line="124" />
        <source>Unlocking the USB token</source>
        <translation>Đang mở khóa USB token</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/token_pin.py" line="158" />
        <source>The USB token “%1” stays locked: its PIN was not entered.</source>
        <translation>USB token “%1” vẫn bị khóa: chưa nhập mã PIN.</translation>
    </message>
</context>
</TS>