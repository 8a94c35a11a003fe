"""The files a refused upload is made of: a zip bomb (1 GB of sheet in about 3 MB), 200,000
lines of CSV, and 9 MB of CSV (over the 8 MB a file may be)."""
import zipfile, io, os, sys
DIR = sys.argv[1]
ROW = b'<row><c t="inlineStr"><is><t></t></is></c></row>'
def xlsx(path, sheet_bytes):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr('xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="DS" sheetId="1"/></sheets></workbook>')
        with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as f:
            f.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            chunk = ROW * (1 << 14)
            n = 0
            while n < sheet_bytes:
                f.write(chunk); n += len(chunk)
            f.write(b'</sheetData></worksheet>')
xlsx(DIR + '/bomb-1g.xlsx', 1 << 30)
csv = io.StringIO(); csv.write('Họ và tên;Giới tính;Năm sinh\r\n')
for i in range(200000): csv.write('Lò Thị %d;Nữ;1950\r\n' % i)
open(DIR + '/rows-200k.csv', 'w', encoding='utf-8').write(csv.getvalue())
open(DIR + '/big-9mb.csv', 'wb').write(b'Ho va ten;Nam sinh\r\n' + b'A;1950\r\n' * (9 * 1024 * 1024 // 8))
