/*
 * admin.js - /admin-accounts with JavaScript:
 *  - a form with data-confirm (a row's disable, enable, reset, retire)
 *    asks its question in a dialog and is sent with confirmed=1; without
 *    this script the server asks on a page of its own;
 *  - the bulk upload form: a chosen .csv file is read in the browser and
 *    put into the textarea, which is what the form sends (bodies are
 *    application/x-www-form-urlencoded; the file input has no name and is
 *    never sent).  Without this script the CSV is pasted.
 * No framework, ES5, no inline script (CSP script-src 'self').
 */
(function () {
  'use strict';

  var asking = document.querySelectorAll('form[data-confirm]');
  var k;

  function confirmFirst(e) {
    var form = e.target, yes;
    if (form.querySelector('input[name="confirmed"]')) {
      return;
    }
    if (!window.confirm(form.getAttribute('data-confirm'))) {
      e.preventDefault();
      return;
    }
    yes = document.createElement('input');
    yes.type = 'hidden';
    yes.name = 'confirmed';
    yes.value = '1';
    form.appendChild(yes);
  }

  for (k = 0; k < asking.length; k++) {
    asking[k].addEventListener('submit', confirmFirst);
  }

  var MAX_BYTES = 1536 * 1024;   /* the body limit is 2 MiB once encoded */
  var inputs = document.querySelectorAll('input[type=file][data-fills]');
  var i;

  if (!inputs.length || !window.FileReader) {
    return;
  }

  function say(input, text) {
    var p = input.nextElementSibling;
    if (!p || !p.classList.contains('file-note')) {
      p = document.createElement('p');
      p.className = 'file-note small';
      p.setAttribute('role', 'status');
      input.parentNode.insertBefore(p, input.nextSibling);
    }
    p.textContent = text;
  }

  function onChange() {
    var input = this;
    var target = document.getElementById(input.getAttribute('data-fills'));
    var file = input.files && input.files[0];
    var reader;

    if (!target || !file) {
      return;
    }
    if (file.size > MAX_BYTES) {
      say(input, 'Tệp quá lớn (tối đa 1,5 MB). Hãy chia thành nhiều tệp.');
      return;
    }
    reader = new FileReader();
    reader.onload = function () {
      var text = String(reader.result || '');
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1);
      }
      target.value = text;
      say(input, 'Đã đọc ' + Math.max(0, text.split('\n').filter(function (l) {
        return l.trim() !== '';
      }).length - 1) + ' dòng dữ liệu. Kiểm tra rồi bấm “Tải lên”.');
    };
    reader.onerror = function () {
      say(input, 'Không đọc được tệp. Hãy dán nội dung vào ô bên dưới.');
    };
    reader.readAsText(file, 'utf-8');
  }

  for (i = 0; i < inputs.length; i++) {
    inputs[i].addEventListener('change', onChange);
  }
}());
