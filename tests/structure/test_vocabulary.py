from extract.structure.vocabulary import label_key, vocabulary


def test_each_form_in_exactly_one_role():
    assert vocabulary().duplicates() == []


def test_contexts_name_known_roles_and_expand_to_forms():
    v = vocabulary()
    card = v.field_forms("card")
    assert "担当課" in card["department"] and "No." in card["start"]
    assert "目標値" in card["target"] and "目標値" not in card["kpi"]
    # 項目 is a review name column and a KPI indicator column: one role, two contexts
    assert v.column_keys("review")["項目"] == "name"
    assert v.column_keys("kpi")["項目"] == "indicator"


def test_a_role_serving_two_procedure_fields():
    v = vocabulary()
    assert "オンライン化済" in v.field_keys("procedure", "mark")
    assert "オンライン化済" in v.field_keys("procedure", "online")
    assert "オンライン化済手続" not in v.field_keys("procedure", "mark")


def test_label_key_folds_width_and_spaces():
    assert label_key("手 続 名") == "手続名"
    assert label_key("Ｎｏ．") == "No."
