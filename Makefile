# kiemdich — build, run, test.
#
#   make          build every program, tool and unit test into build/
#   make run      install what is missing, start the stack with demo data
#   make stop     stop what make run started
#   make test     install, build, bring up a private stack on free ports, run
#                 every test (the programs built with ASan/UBSan into build/asan)
#   make bench    the benchmarks of bench/ against a private stack, one table
#   make national-data   the whole country's data in var-national/ (docs/NATIONAL.md)
#   make lint     cppcheck and clang-tidy (ignored results, .clang-tidy)
#   make fuzz     every libFuzzer target of fuzz/ for FUZZ_SECONDS (5) each;
#                 FUZZ_SECONDS=3600 make fuzz for a release check (docs/SECURITY.md)
#
# Lists are explicit: a new program, tool or test is one word added below.
# B is the build folder; `make asan` builds the same tree with sanitizers.

CC      ?= cc
B       ?= build
# CFLAGS given on the command line replace only the optimisation and debug
# flags: the hardening below is always added (_FORTIFY_SOURCE needs an
# optimisation level, which -O0 builds simply do without).
CFLAGS  ?= -O2 -g
FORTIFY := $(if $(filter -O0,$(CFLAGS)),,-D_FORTIFY_SOURCE=2)
CFLAGS  += $(FORTIFY)
CFLAGS  += -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -Wall -Wextra -Werror \
           -Wshadow -Wformat=2 -Wvla -fstack-protector-strong \
           -Ilib -isystem /usr/include/ClearSilver -isystem /usr/include/mariadb \
           -isystem /usr/include/freetype2 $(SAN)
# --as-needed: a program depends only on the libraries it calls (libldap
# and its TLS stack only in login and admin-accounts), which keeps the
# workers' RSS down (bench/RESULTS.md).
LDFLAGS += $(SAN) -Wl,--as-needed
LDLIBS  += -lfcgi -lmariadb -lcrypto -lldap -llber -lsodium -lqrencode \
           -lneo_cgi -lneo_cs -lneo_utl -lfreetype -lz -lm

-include local.mk

LIB_SRC   = lib/conf.c lib/valid.c lib/log.c lib/arena.c lib/req.c lib/field.c \
            lib/json.c lib/resp.c lib/sql.c lib/db.c lib/session.c lib/audit.c \
            lib/serve.c lib/dir.c lib/units.c lib/token.c lib/qrimg.c lib/decl.c \
            lib/passage.c lib/csv.c lib/vntime.c lib/journal.c lib/group.c \
            lib/role.c lib/area.c lib/keyfile.c lib/labels.c lib/mask.c lib/rows.c \
            lib/listw.c lib/synth.c lib/decision.c lib/cccd.c \
            lib/household.c lib/qrlabel.c lib/unitfield.c lib/epoch.c lib/zones.c \
            lib/vehicle.c lib/bulk.c lib/chart.c lib/coverage.c lib/quota.c lib/access.c
PROGRAMS  = login declare qr verify paper-entry admin-accounts welfare f-status report zones hello
TOOLS     = registry-gen registry-import token-sign error-pages national-gen \
            vaccination-import
UNITTESTS = test_valid test_req test_field test_json test_tmpl test_token test_decl \
            test_qrimg test_kiosk test_csv test_journal test_mask test_listw test_vntime \
            test_decision test_units

LIB_OBJ   = $(LIB_SRC:lib/%.c=$(B)/lib/%.o)
PROG_BIN  = $(PROGRAMS:%=$(B)/bin/%)
TOOL_BIN  = $(TOOLS:%=$(B)/bin/kd-%)
TEST_BIN  = $(UNITTESTS:%=$(B)/test/%)

all: $(PROG_BIN) $(TOOL_BIN) $(TEST_BIN) htdocs/errors vendor

$(B)/lib/%.o: lib/%.c lib/*.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/libkd.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

# A program of several files names the others in <program>_EXTRA; they
# share the program's header(s) in cgi-bin/.
admin-accounts_EXTRA = cgi-bin/admin-bulk.c cgi-bin/admin-places.c cgi-bin/admin-audit.c
welfare_EXTRA = cgi-bin/welfare-pay.c cgi-bin/welfare-lists.c cgi-bin/welfare-public.c
f-status_EXTRA = cgi-bin/f-common.c cgi-bin/f-list.c cgi-bin/f-trace.c \
                 cgi-bin/f-trace-page.c cgi-bin/f-trace-svg.c cgi-bin/f-mark.c \
                 cgi-bin/f-tasks.c cgi-bin/f-visitors.c cgi-bin/f-arrivals.c \
                 cgi-bin/f-permits.c
verify_EXTRA = cgi-bin/verify-page.c cgi-bin/verify-zones.c
declare_EXTRA = cgi-bin/declare-vehicle.c
report_EXTRA = cgi-bin/report-read.c cgi-bin/report-page.c cgi-bin/report-svg.c \
               cgi-bin/report-checkpoints.c cgi-bin/report-daily.c \
               cgi-bin/report-hours.c cgi-bin/report-retention.c

.SECONDEXPANSION:
$(B)/bin/%: cgi-bin/%.c $$($$*_EXTRA) $(B)/libkd.a lib/*.h $(wildcard cgi-bin/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< $($*_EXTRA) $(B)/libkd.a $(LDFLAGS) $(LDLIBS)

# A tool of several files names the others in <tool>_EXTRA (tools/<tool>.h).
national-gen_EXTRA = tools/national-welfare.c tools/national-vaccinations.c

$(B)/bin/kd-%: tools/%.c $$($$*_EXTRA) $(B)/libkd.a lib/*.h $(wildcard tools/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< $($*_EXTRA) $(B)/libkd.a $(LDFLAGS) $(LDLIBS)

$(B)/test/%: tests/unit/%.c $(B)/libkd.a lib/*.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< $(B)/libkd.a $(LDFLAGS) $(LDLIBS) -lcmocka

# nginx's own error pages, from the programs' error table and template.
htdocs/errors: build/bin/kd-error-pages templates/error.cs templates/layout.cs lib/resp.c
	rm -rf $@.tmp && mkdir -p $@.tmp
	build/bin/kd-error-pages templates $@.tmp && rm -rf $@ && mv $@.tmp $@

# The programs with AddressSanitizer and UBSan, for the integration tests.
asan:
	$(MAKE) B=build/asan SAN="-fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined" \
	  $(PROGRAMS:%=build/asan/bin/%)

# libFuzzer targets (fuzz/): the library again, built by Debian's clang
# with the fuzzer's instrumentation and ASan/UBSan, into build/fuzz/.
FUZZERS = body fields token csv journal json
# (clang's -Wstring-concatenation warns on our SQL tables' long strings.)
FUZZ_SAN = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
           -Wno-string-concatenation
FUZZ_SECONDS ?= 5

fuzz-build:
	$(MAKE) B=build/fuzz CC=clang SAN="$(FUZZ_SAN)" build/fuzz/libkd.a
	$(MAKE) B=build/fuzz CC=clang $(FUZZERS:%=build/fuzz/bin/fuzz_%)

build/fuzz/bin/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz.h build/fuzz/libkd.a
	@mkdir -p $(@D)
	clang $(CFLAGS) -Ifuzz -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	  -Wno-string-concatenation \
	  -o $@ $< build/fuzz/libkd.a $(LDLIBS)

fuzz: fuzz-build
	@scripts/run-fuzz $(FUZZ_SECONDS) $(FUZZERS)

# Browser libraries from npm, pinned by package-lock.json, copied into
# htdocs/vendor/ (scripts/vendor-assets does nothing when they are there).
vendor:
	@scripts/vendor-assets

deps:
	scripts/install-deps

run: deps all
	scripts/stack start

stop:
	scripts/stack stop

unit: $(TEST_BIN)
	@scripts/run-unit-tests $(TEST_BIN)

test: deps all asan
	scripts/run-tests

bench: deps all
	scripts/run-bench

# Three Galera nodes, a slapd provider and two consumers, the programs and
# nginx (docs/DEPLOYMENT.md); all state under VAR (default var-cluster/).
cluster: deps all
	CLUSTER=1 VAR=$${VAR:-var-cluster} scripts/stack start

cluster-stop:
	VAR=$${VAR:-var-cluster} scripts/stack stop

# The cluster tests on a private cluster stack (tests/cluster, ~4 minutes).
test-cluster: deps all asan
	/usr/bin/python3 -m pytest -q -p no:cacheprovider tests/cluster

# The write paths on the cluster beside one node (bench/cluster.sh).
bench-cluster: deps all
	bench/cluster.sh

# The whole country in one stack (docs/NATIONAL.md): VAR (default
# var-national/), SCALE (default 1), PARTS (default all).
national-data: all
	scripts/national-data $(PARTS)

import-registry:
	@test -n "$(CSV)" || { echo "usage: make import-registry CSV=FILE"; exit 2; }
	KD_CONF=$${KD_CONF:-var/kiemdich.conf} build/bin/kd-registry-import "$(CSV)"

# Doses: header id_number,dose,date,vaccine[,place] (docs/REPORT.md).
import-vaccinations:
	@test -n "$(CSV)" || { echo "usage: make import-vaccinations CSV=FILE"; exit 2; }
	KD_CONF=$${KD_CONF:-var/kiemdich.conf} build/bin/kd-vaccination-import "$(CSV)"

# The daily job cron runs (docs/REPORT.md): DATE defaults to yesterday.
report:
	KD_CONF=$${KD_CONF:-var/kiemdich.conf} build/bin/report --daily $(DATE)

# cppcheck, then clang-tidy's checks for ignored results (.clang-tidy).
TIDY_FLAGS = -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -Ilib \
             -isystem /usr/include/ClearSilver -isystem /usr/include/mariadb \
             -isystem /usr/include/freetype2
lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --inline-suppr -Ilib --suppress=missingIncludeSystem lib cgi-bin tools tests/unit
	clang-tidy --quiet lib/*.c cgi-bin/*.c tools/*.c -- $(TIDY_FLAGS)

clean:
	rm -rf build htdocs/errors

.PHONY: all asan fuzz fuzz-build vendor deps run stop unit test bench national-data import-registry \
        cluster cluster-stop test-cluster bench-cluster \
        import-vaccinations report lint clean
