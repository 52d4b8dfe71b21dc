<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>SettingsScreen</name>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="200" />
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="210" />
        <location filename="../../counterdesk/ui/settings.py" line="223" />
        <source>Office</source>
        <translation>Cơ quan</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="211" />
        <source>Signer</source>
        <translation>Người ký</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="212" />
        <source>Accounts</source>
        <translation>Tài khoản</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="213" />
        <source>Scanner and printer</source>
        <translation>Máy quét và máy in</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="214" />
        <source>Language and demo</source>
        <translation>Ngôn ngữ và DEMO</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="229" />
        <source>Part of every dossier code: it cannot change.</source>
        <translation>Là một phần của mọi mã hồ sơ nên không thể thay đổi.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="236" />
        <source>Save office</source>
        <translation>Lưu thông tin cơ quan</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="240" />
        <source>Agency code</source>
        <translation>Mã cơ quan</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="241" />
        <source>Office name</source>
        <translation>Tên cơ quan</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="242" />
        <source>Commune</source>
        <translation>Xã/phường</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="243" />
        <source>Province</source>
        <translation>Tỉnh/thành phố</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="247" />
        <source>Opening hours of the counter</source>
        <translation>Giờ làm việc của bộ phận một cửa</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="257" />
        <source>Morning</source>
        <translation>Sáng</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="262" />
        <source>Afternoon</source>
        <translation>Chiều</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="267" />
        <source>Save hours</source>
        <translation>Lưu giờ làm việc</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="272" />
        <source>Bank account for VietQR payments</source>
        <translation>Tài khoản ngân hàng nhận thanh toán VietQR</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="277" />
        <source>6 digits, e.g. 970415 (VietinBank)</source>
        <translation>6 chữ số, ví dụ 970415 (VietinBank)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="283" />
        <source>Save bank account</source>
        <translation>Lưu tài khoản ngân hàng</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="287" />
        <source>Bank code (BIN)</source>
        <translation>Mã ngân hàng (BIN)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="288" />
        <source>Account number</source>
        <translation>Số tài khoản</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="289" />
        <source>Account holder</source>
        <translation>Chủ tài khoản</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="293" />
        <source>Keeping digitized copies</source>
        <translation>Thời hạn lưu bản số hóa</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="298" />
        <source>not set: nothing is removed</source>
        <translation>chưa đặt: không xóa gì</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="299" />
        <source> years</source>
        <translation> năm</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="303" />
        <source>Save period</source>
        <translation>Lưu thời hạn</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="305" />
        <source>Remove digitized copies of closed dossiers after</source>
        <translation>Xóa bản số hóa của hồ sơ đã kết thúc sau</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="316" />
        <source>Signs certified copies now</source>
        <translation>Người đang ký chứng thực</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="325" />
        <source>Import the signer's certificate (.p12 or .pfx file)</source>
        <translation>Nhập chứng thư số của người ký (tệp .p12 hoặc .pfx)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="329" />
        <source>Browse…</source>
        <translation>Chọn tệp…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="339" />
        <source>e.g. Phó Chủ tịch (optional)</source>
        <translation>ví dụ: Phó Chủ tịch (không bắt buộc)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="340" />
        <source>Import certificate</source>
        <translation>Nhập chứng thư số</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="344" />
        <source>File</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="345" />
        <location filename="../../counterdesk/ui/settings.py" line="430" />
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="346" />
        <location filename="../../counterdesk/ui/settings.py" line="366" />
        <source>Signer's title</source>
        <translation>Chức vụ người ký</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="350" />
        <source>No certificate yet: a TEST signer for training</source>
        <translation>Chưa có chứng thư số: người ký TEST để tập huấn</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="356" />
        <source>Create TEST signer</source>
        <translation>Tạo người ký TEST</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="362" />
        <source>Copies signed by a TEST signer are marked TEST and have no legal value.</source>
        <translation>Bản sao do người ký TEST ký được đánh dấu TEST và không có giá trị pháp lý.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="365" />
        <source>Signer's name</source>
        <translation>Họ tên người ký</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="377" />
        <source>Only an admin may add or deactivate accounts. While the office has no account, this desk acts as its single user; once the first account (an admin) is added, everyone signs in.</source>
        <translation>Chỉ quản trị viên được thêm hoặc vô hiệu hóa tài khoản. Khi cơ quan chưa có tài khoản nào, máy này làm việc như người dùng duy nhất; khi đã thêm tài khoản đầu tiên (quản trị viên), mọi người đều phải đăng nhập.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="387" />
        <location filename="../../counterdesk/ui/settings.py" line="427" />
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="387" />
        <location filename="../../counterdesk/ui/settings.py" line="428" />
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="387" />
        <location filename="../../counterdesk/ui/settings.py" line="429" />
        <source>Roles</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="387" />
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="395" />
        <source>Deactivate the selected account</source>
        <translation>Vô hiệu hóa tài khoản đã chọn</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="402" />
        <source>Add an account</source>
        <translation>Thêm tài khoản</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="410" />
        <source>Clerk: receives, digitizes, returns</source>
        <translation>Cán bộ một cửa: tiếp nhận, số hóa, trả kết quả</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="411" />
        <source>Signer: certifies copies</source>
        <translation>Người ký: chứng thực bản sao</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="412" />
        <source>Admin: settings and accounts</source>
        <translation>Quản trị: cài đặt và tài khoản</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="424" />
        <source>Add account</source>
        <translation>Thêm tài khoản</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="431" />
        <source>Password again</source>
        <translation>Nhập lại mật khẩu</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="439" />
        <source>Scanner or camera of this desk</source>
        <translation>Máy quét hoặc camera của máy này</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="446" />
        <source>e.g. 192.168.1.20 (optional)</source>
        <translation>ví dụ 192.168.1.20 (không bắt buộc)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="447" />
        <source>Also look for cameras (slower)</source>
        <translation>Tìm cả camera (chậm hơn)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="449" />
        <source>Look for scanners</source>
        <translation>Tìm máy quét</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="455" />
        <source>Capture source</source>
        <translation>Nguồn quét</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="456" />
        <source>Network scanner address</source>
        <translation>Địa chỉ máy quét qua mạng</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="460" />
        <source>Printer of this desk</source>
        <translation>Máy in của máy này</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="465" />
        <source>Printer</source>
        <translation>Máy in</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="467" />
        <source>These choices belong to this computer; they are saved at once.</source>
        <translation>Các lựa chọn này chỉ áp dụng cho máy tính này và được lưu ngay.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="478" />
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="489" />
        <source>Language of the window</source>
        <translation>Ngôn ngữ giao diện</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="493" />
        <source>Demo office</source>
        <translation>Văn phòng DEMO</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="498" />
        <source>Removes everything done in the demo office and starts it afresh with its sample dossiers.</source>
        <translation>Xóa mọi thao tác đã làm trong văn phòng DEMO và tạo lại từ đầu cùng các hồ sơ mẫu.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="503" />
        <location filename="../../counterdesk/ui/settings.py" line="832" />
        <source>Reset demo office</source>
        <translation>Đặt lại văn phòng DEMO</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="527" />
        <source>Looking for printers</source>
        <translation>Đang tìm máy in</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="532" />
        <location filename="../../counterdesk/ui/settings.py" line="537" />
        <source>Loading settings</source>
        <translation>Đang tải cài đặt</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="569" />
        <source>No signer yet: import a certificate, or create a TEST signer.</source>
        <translation>Chưa có người ký: hãy nhập chứng thư số hoặc tạo người ký TEST.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="572" />
        <source>%1, %2 — certificate valid until %3</source>
        <translation>%1, %2 — chứng thư số có hiệu lực đến %3</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="576" />
        <source>TEST signer: for training only, no legal value.</source>
        <translation>Người ký TEST: chỉ để tập huấn, không có giá trị pháp lý.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="583" />
        <source>deactivated</source>
        <translation>đã vô hiệu hóa</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="585" />
        <source>locked</source>
        <translation>đang bị khóa</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="587" />
        <source>active</source>
        <translation>đang hoạt động</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="602" />
        <source>clerk</source>
        <translation>cán bộ một cửa</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="603" />
        <source>signer</source>
        <translation>người ký</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="604" />
        <source>admin</source>
        <translation>quản trị</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="622" />
        <source>The office is saved.</source>
        <translation>Đã lưu thông tin cơ quan.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="623" />
        <source>Saving the office</source>
        <translation>Đang lưu thông tin cơ quan</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="633" />
        <source>The opening hours are saved; due times of new dossiers follow them.</source>
        <translation>Đã lưu giờ làm việc; hạn trả của hồ sơ mới được tính theo giờ này.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="634" />
        <source>Saving the opening hours</source>
        <translation>Đang lưu giờ làm việc</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="645" />
        <source>The bank account is saved; receipts carry its VietQR code.</source>
        <translation>Đã lưu tài khoản ngân hàng; biên lai sẽ in mã VietQR của tài khoản này.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="646" />
        <source>Saving the bank account</source>
        <translation>Đang lưu tài khoản ngân hàng</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="654" />
        <source>The retention period is saved.</source>
        <translation>Đã lưu thời hạn lưu bản số hóa.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="655" />
        <source>Saving the retention period</source>
        <translation>Đang lưu thời hạn lưu bản số hóa</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="664" />
        <source>Signer's certificate</source>
        <translation>Chứng thư số của người ký</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="664" />
        <source>Certificates (*.p12 *.pfx)</source>
        <translation>Chứng thư số (*.p12 *.pfx)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="686" />
        <source>The certificate is imported; it signs from now on.</source>
        <translation>Đã nhập chứng thư số; từ nay dùng chứng thư này để ký.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="687" />
        <source>Importing the certificate</source>
        <translation>Đang nhập chứng thư số</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="695" />
        <source>The TEST signer is created; it signs from now on.</source>
        <translation>Đã tạo người ký TEST; từ nay dùng người ký này để ký.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="696" />
        <source>Creating the TEST signer</source>
        <translation>Đang tạo người ký TEST</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="705" />
        <source>The two passwords differ; type the same password twice.</source>
        <translation>Hai mật khẩu không khớp; hãy nhập cùng một mật khẩu hai lần.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="722" />
        <source>The account %1 is added.</source>
        <translation>Đã thêm tài khoản %1.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="727" />
        <source>Adding the account</source>
        <translation>Đang thêm tài khoản</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="732" />
        <source>The office has accounts now: everyone signs in. Sign in to go on working.</source>
        <translation>Cơ quan đã có tài khoản: mọi người đều phải đăng nhập. Hãy đăng nhập để tiếp tục làm việc.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="747" />
        <source>Select the account to deactivate first.</source>
        <translation>Hãy chọn tài khoản cần vô hiệu hóa trước.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="752" />
        <source>The account %1 is deactivated.</source>
        <translation>Đã vô hiệu hóa tài khoản %1.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="753" />
        <source>Deactivating the account</source>
        <translation>Đang vô hiệu hóa tài khoản</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="777" />
        <source>Looking for scanners</source>
        <translation>Đang tìm máy quét</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="784" />
        <source>No scanner: choose image or PDF files</source>
        <translation>Không dùng máy quét: chọn tệp ảnh hoặc PDF</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="788" />
        <location filename="../../counterdesk/ui/settings.py" line="801" />
        <source>%1 (not found now)</source>
        <translation>%1 (hiện không tìm thấy)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="798" />
        <source> (default)</source>
        <translation> (mặc định)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="799" />
        <source>Print to PDF file</source>
        <translation>In ra tệp PDF</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="809" />
        <source>Capture source saved: %1</source>
        <translation>Đã lưu nguồn quét: %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="815" />
        <source>Printer saved: %1</source>
        <translation>Đã lưu máy in: %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="820" />
        <source>The window uses the new language from the next start of CounterDesk.</source>
        <translation>Ngôn ngữ mới được áp dụng từ lần khởi động CounterDesk tiếp theo.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="833" />
        <source>Remove everything done in the demo office and start it afresh?</source>
        <translation>Xóa mọi thao tác trong văn phòng DEMO và bắt đầu lại từ đầu?</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="842" />
        <source>The demo office is reset.</source>
        <translation>Đã đặt lại văn phòng DEMO.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="846" />
        <source>Resetting the demo office</source>
        <translation>Đang đặt lại văn phòng DEMO</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="887" />
        <source>This cannot be done</source>
        <translation>Không thể thực hiện</translation>
    </message>
</context>
</TS>