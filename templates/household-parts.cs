<?cs # The family form's parts (lib/household.h), shared by the citizen's
      household.cs and the officer's paper-household.cs: what the family
      shares (phone, residence, journey) once, then each member
      (Members.N.prefix "mN_"): ID number, name, birth date, gender,
      health, doses.  A member left empty is no member.  Without
      JavaScript every member's block is a <details> to unfold;
      js/declare.js adds "Thêm người".  Needs layout.cs and decl-form.cs. ?><?cs
def:mflag(p, name, label) ?><?cs set:f = p + name ?>
      <label class="check"><input type="checkbox" name="<?cs var:f ?>" value="1"<?cs if:Form[f].value == "1" ?> checked<?cs /if ?>> <?cs var:label ?></label><?cs /def ?><?cs
def:mdose(p, n) ?><?cs set:f = p + "vaccine_doses" ?><label class="check"><input type="radio" <?cs if:n == "0" ?>id="<?cs var:f ?>" <?cs /if ?>name="<?cs var:f ?>" value="<?cs var:n ?>"<?cs if:Form[f].value == n ?> checked<?cs /if ?>> <?cs var:n ?></label><?cs /def ?><?cs

def:member(m) ?><?cs set:p = m.prefix ?>
    <details class="member" id="member-<?cs var:m.n ?>"<?cs if:m.open ?> open<?cs /if ?>>
      <summary>Người thứ <?cs var:m.n ?><?cs if:Form[p + "full_name"].value ?>: <?cs var:Form[p + "full_name"].value ?><?cs /if ?></summary>
      <label for="<?cs var:p ?>id_number">Số CCCD (12 số) hoặc CMND (9 số)<?cs call:req() ?></label>
      <input id="<?cs var:p ?>id_number" name="<?cs var:p ?>id_number" inputmode="numeric" autocomplete="off" maxlength="20" value="<?cs var:Form[p + "id_number"].value ?>"<?cs call:invalid(p + "id_number") ?>>
      <?cs call:field_error(p + "id_number") ?>
      <label for="<?cs var:p ?>full_name">Họ và tên<?cs call:req() ?></label>
      <input id="<?cs var:p ?>full_name" name="<?cs var:p ?>full_name" autocomplete="off" autocapitalize="words" maxlength="100" value="<?cs var:Form[p + "full_name"].value ?>"<?cs call:invalid(p + "full_name") ?>>
      <?cs call:field_error(p + "full_name") ?>
      <div class="row">
        <div>
          <label for="<?cs var:p ?>dob">Ngày sinh<?cs call:req() ?></label>
          <input id="<?cs var:p ?>dob" name="<?cs var:p ?>dob" type="date" min="1900-01-01" max="<?cs var:Today ?>" value="<?cs var:Form[p + "dob"].value ?>"<?cs call:invalid(p + "dob") ?>>
          <?cs call:field_error(p + "dob") ?>
        </div>
        <div>
          <fieldset class="inline">
            <legend>Giới tính<?cs call:req() ?></legend>
            <label class="check"><input type="radio" id="<?cs var:p ?>gender" name="<?cs var:p ?>gender" value="M"<?cs if:Form[p + "gender"].value == "M" ?> checked<?cs /if ?>> Nam</label>
            <label class="check"><input type="radio" name="<?cs var:p ?>gender" value="F"<?cs if:Form[p + "gender"].value == "F" ?> checked<?cs /if ?>> Nữ</label>
          </fieldset>
          <?cs call:field_error(p + "gender") ?>
        </div>
      </div>
      <p class="small">Trong 14 ngày qua:</p><?cs
      call:mflag(p, "fever", "Sốt") ?><?cs call:mflag(p, "cough", "Ho") ?><?cs
      call:mflag(p, "breath", "Khó thở") ?><?cs call:mflag(p, "sore_throat", "Đau họng") ?><?cs
      call:mflag(p, "taste_smell", "Mất vị giác hoặc khứu giác") ?><?cs
      call:mflag(p, "contact_f0", "Tiếp xúc gần với người mắc COVID-19 (F0)") ?><?cs
      call:mflag(p, "from_epidemic_zone", "Đến từ hoặc đi qua vùng có dịch") ?>
      <fieldset class="inline">
        <legend>Số mũi vắc-xin đã tiêm<?cs call:req() ?></legend>
        <?cs call:mdose(p, "0") ?> <?cs call:mdose(p, "1") ?> <?cs call:mdose(p, "2") ?> <?cs call:mdose(p, "3") ?> <?cs call:mdose(p, "4") ?>
      </fieldset>
      <?cs call:field_error(p + "vaccine_doses") ?>
    </details><?cs /def ?><?cs

def:family_fieldsets(own) ?>
    <fieldset>
      <legend>1. Liên hệ</legend><?cs call:decl_phone(own) ?>
    </fieldset>
<?cs call:decl_residence() ?>
<?cs call:decl_travel() ?>
    <fieldset id="members">
      <legend>4. Từng người trong gia đình</legend>
      <?cs each:m = Members ?><?cs call:member(m) ?><?cs /each ?>
    </fieldset><?cs /def ?>
