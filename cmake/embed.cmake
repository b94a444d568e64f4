# embed.cmake: turns a text file into a C string (the built-in SDO directory).
# SPDX-License-Identifier: Apache-2.0
file(READ ${IN} HEX HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," BODY "${HEX}")
file(WRITE ${OUT} "/* generated from etc/sdos.conf: do not edit */\n#include <stddef.h>\nconst char sdos_builtin[] = {${BODY} 0x00};\nconst size_t sdos_builtin_len = sizeof(sdos_builtin) - 1;\n")
