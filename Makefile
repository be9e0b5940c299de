# kiemdich — build, run, test.
#
#   make          build every program, tool and unit test
#   make run      install what is missing, start the stack with demo data
#   make stop     stop what make run started
#   make test     build, bring up a private stack on free ports, run every test
#
# Lists are explicit: a new program, tool or test is one word added below.

CC      ?= cc
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -Wall -Wextra -Werror \
           -Wshadow -Wformat=2 -Wvla -fstack-protector-strong -D_FORTIFY_SOURCE=2 \
           -Ilib -isystem /usr/include/ClearSilver -isystem /usr/include/mariadb
LDLIBS  += -lfcgi -lmariadb -lldap -llber -lsodium -lqrencode -lpng16 \
           -lneo_cgi -lneo_cs -lneo_utl -lz -lm

-include local.mk

LIB_SRC   = lib/conf.c lib/valid.c lib/log.c lib/arena.c lib/req.c lib/field.c \
            lib/json.c lib/resp.c lib/sql.c lib/db.c lib/session.c lib/audit.c \
            lib/serve.c lib/dir.c lib/units.c lib/token.c lib/qrimg.c lib/decl.c lib/csv.c \
            lib/passage.c
PROGRAMS  = login declare qr verify paper-entry f-status welfare report \
            admin-accounts hello
TOOLS     = registry-gen registry-import token-sign
UNITTESTS = test_valid test_req test_json test_tmpl test_token test_decl test_qrimg test_kiosk test_csv

LIB_OBJ   = $(LIB_SRC:lib/%.c=build/lib/%.o)
PROG_BIN  = $(PROGRAMS:%=build/bin/%)
TOOL_BIN  = $(TOOLS:%=build/bin/kd-%)
TEST_BIN  = $(UNITTESTS:%=build/test/%)

# Programs and tools that exist yet; the rest of the lists fill in as issues land.
PROG_BUILT = $(filter $(PROGRAMS:%=build/bin/%),$(patsubst cgi-bin/%.c,build/bin/%,$(wildcard cgi-bin/*.c)))
TOOL_BUILT = $(filter $(TOOL_BIN),$(patsubst tools/%.c,build/bin/kd-%,$(wildcard tools/*.c)))
TEST_BUILT = $(filter $(TEST_BIN),$(patsubst tests/unit/%.c,build/test/%,$(wildcard tests/unit/test_*.c)))
LIB_BUILT  = $(patsubst lib/%.c,build/lib/%.o,$(filter $(LIB_SRC),$(wildcard lib/*.c)))

all: $(PROG_BUILT) $(TOOL_BUILT) $(TEST_BUILT) $(if $(wildcard tools/units-json.c),htdocs/units.json) vendor

# Browser libraries from npm, pinned by package-lock.json, copied into
# htdocs/vendor/ (scripts/vendor-assets does nothing when they are there).
vendor:
	@if [ -x scripts/vendor-assets ]; then scripts/vendor-assets; fi

build/lib/%.o: lib/%.c lib/*.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

build/libkd.a: $(LIB_BUILT)
	rm -f $@
	ar rcs $@ $^

build/bin/%: cgi-bin/%.c build/libkd.a lib/*.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< build/libkd.a $(LDFLAGS) $(LDLIBS)

build/bin/kd-%: tools/%.c build/libkd.a lib/*.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< build/libkd.a $(LDFLAGS) $(LDLIBS)

build/test/%: tests/unit/%.c build/libkd.a lib/*.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< build/libkd.a $(LDFLAGS) $(LDLIBS) -lcmocka

# The commune pickers of the forms read this file; made from the units table.
htdocs/units.json: data/admin_units.csv build/bin/kd-units-json
	build/bin/kd-units-json data/admin_units.csv > $@.tmp && mv $@.tmp $@

build/bin/kd-units-json: tools/units-json.c build/libkd.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< build/libkd.a $(LDFLAGS) $(LDLIBS)

deps:
	scripts/install-deps

run: deps all
	scripts/stack start

stop:
	scripts/stack stop

unit: $(TEST_BUILT)
	@scripts/run-unit-tests $(TEST_BUILT)

test: deps all
	scripts/run-tests

bench: deps all
	scripts/run-bench

import-registry:
	@test -n "$(CSV)" || { echo "usage: make import-registry CSV=FILE"; exit 2; }
	build/bin/kd-registry-import "$(CSV)"

import-vaccinations:
	@test -n "$(CSV)" || { echo "usage: make import-vaccinations CSV=FILE"; exit 2; }
	build/bin/kd-vaccination-import "$(CSV)"

report:
	build/bin/report --daily $(if $(DATE),--date $(DATE))

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --inline-suppr -Ilib --suppress=missingIncludeSystem lib cgi-bin tools tests/unit

clean:
	rm -rf build htdocs/units.json

.PHONY: vendor all deps run stop unit test bench import-registry import-vaccinations report lint clean
